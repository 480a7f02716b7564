using Microsoft.Extensions.Options;

namespace OurSociety.Core.Introductions;

/// <summary>Introductions' settings (<c>OurSociety:Introductions</c>).</summary>
public sealed class IntroductionOptions
{
    public const string Section = "OurSociety:Introductions";

    /// <summary>
    /// True: every member may introduce people, not only glue-ers. The value an admin stores on /admin
    /// (<see cref="IntroductionSettings"/>) wins over this one.
    /// </summary>
    public bool AnyMemberMayIntroduce { get; set; }

    /// <summary>Open introductions one glue-er may have at once (1–1000).</summary>
    public int MaxPendingPerIntroducer { get; set; } = 20;

    /// <summary>Days an introduction waits for both answers before it closes as not going ahead (1–365).</summary>
    public int ExpiryDays { get; set; } = 30;
}

/// <summary>Checked at start: a bad value stops the node with a message naming the key.</summary>
public sealed class IntroductionOptionsValidator : IValidateOptions<IntroductionOptions>
{
    public ValidateOptionsResult Validate(string? name, IntroductionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.MaxPendingPerIntroducer is < 1 or > 1000)
        {
            errors.Add($"{IntroductionOptions.Section}:MaxPendingPerIntroducer must be 1 to 1000; got {options.MaxPendingPerIntroducer}.");
        }

        if (options.ExpiryDays is < 1 or > 365)
        {
            errors.Add($"{IntroductionOptions.Section}:ExpiryDays must be 1 to 365; got {options.ExpiryDays}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
