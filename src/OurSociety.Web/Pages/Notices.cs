using Microsoft.Extensions.Localization;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Pages;

/// <summary>
/// One-line confirmations shown after a form redirects (post/redirect/get, <c>?notice=key</c>). Only keys with a
/// <c>Notice.key</c> text in the resources are shown, so a link cannot put arbitrary text on our pages.
/// </summary>
internal static class Notices
{
    /// <summary>Looks the key up in <paramref name="text"/>: the shared texts, or a feature's own resource.</summary>
    public static string? Text(string? key, IStringLocalizer text)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 40)
        {
            return null;
        }

        var value = text[$"Notice.{key}"];
        return value.ResourceNotFound ? null : value.Value;
    }

    /// <summary>A notice from a feature's own texts, else from the shared ones.</summary>
    public static string? Text(string? key, IStringLocalizer own, IStringLocalizer<Text> shared) => Text(key, own) ?? Text(key, shared);
}
