using Microsoft.Extensions.Options;
using OurSociety.Core.Setup;

namespace OurSociety.Core.Introductions;

/// <summary>
/// Whether every member may introduce people: the value an admin stored (on /admin) wins over
/// <see cref="IntroductionOptions.AnyMemberMayIntroduce"/>. Read from the store each time: it is one small query on a
/// proposal, and a node with several processes sees a change at once.
/// </summary>
public sealed class IntroductionSettings(INodeSettingStore settings, IOptions<IntroductionOptions> options)
{
    public const string AnyMemberMayIntroduceName = "introductions.any_member_may_introduce";

    public async Task<bool> AnyMemberMayIntroduceAsync(CancellationToken ct) =>
        await settings.GetAsync(AnyMemberMayIntroduceName, ct) switch
        {
            "true" => true,
            "false" => false,
            _ => options.Value.AnyMemberMayIntroduce,
        };

    /// <summary>Stores the admin's choice; null forgets it, so the configuration decides again.</summary>
    public Task SetAnyMemberMayIntroduceAsync(bool? value, CancellationToken ct) =>
        settings.SetAsync(AnyMemberMayIntroduceName, value switch { true => "true", false => "false", null => null }, ct);
}
