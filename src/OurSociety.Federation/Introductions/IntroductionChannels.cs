using System.Text.Json;
using OurSociety.Core.Federation;
using OurSociety.Core.Introductions;
using OurSociety.Federation.Posts;

namespace OurSociety.Federation.Introductions;

/// <summary>
/// How to ask someone elsewhere: an Offer when their actor says it runs our software (FEP-844e
/// <c>generator.implements</c> naming our namespace, or our own <c>introductionPolicy</c> term on it), else a direct
/// note that reads well anywhere. Only the stored actor document is read: no network while a person waits (the
/// sending work item may look further, at NodeInfo).
/// </summary>
public static class IntroductionChannels
{
    private static readonly string OurNamespace = OurContext.Namespace.TrimEnd('#');

    public static PartyChannel Of(RemoteActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        try
        {
            using var document = JsonDocument.Parse(actor.Document);
            return IsOurs(document.RootElement) ? PartyChannel.Offer : PartyChannel.Note;
        }
        catch (JsonException)
        {
            return PartyChannel.Note;
        }
    }

    private static bool IsOurs(JsonElement actor)
    {
        if (actor.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (actor.TryGetProperty("introductionPolicy", out _) || actor.TryGetProperty("os:introductionPolicy", out _))
        {
            return true;
        }

        return actor.TryGetProperty("generator", out var generator) && Each(generator).Any(g =>
            g.ValueKind == JsonValueKind.Object && g.TryGetProperty("implements", out var implements)
            && Each(implements).Any(i => NamesOurs(i)));
    }

    private static bool NamesOurs(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.StartsWith(OurNamespace, StringComparison.Ordinal),
        JsonValueKind.Object => (value.TryGetProperty("href", out var href) && NamesOurs(href))
                                || (value.TryGetProperty("id", out var id) && NamesOurs(id)),
        _ => false,
    };

    private static List<JsonElement> Each(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [value];
}
