using System.Globalization;
using System.Resources;

namespace OurSociety.Web.Features.Mutes;

/// <summary>
/// The text of muting and blocking for oneself and of notification requests (issue 13) in <c>MuteText.resx</c>: the
/// marker for <c>IStringLocalizer&lt;MuteText&gt;</c> on pages, and <see cref="Api"/> for the JSON API's sentences.
/// </summary>
public sealed class MuteText
{
    private static readonly ResourceManager Resources = new(typeof(MuteText));

    private MuteText()
    {
    }

    /// <summary>The API sentence <c>Api.{name}</c> in the request's language.</summary>
    public static string Api(string name) =>
        Resources.GetString("Api." + name, CultureInfo.CurrentUICulture) ?? throw new InvalidOperationException($"MuteText.resx has no Api.{name}.");
}
