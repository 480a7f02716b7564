using OurSociety.Core.Posts;

namespace OurSociety.Web.Features.Finding;

/// <summary>
/// The filters of the network timeline (page and API, issue 14): <c>hub</c> (the actor id of the hub a post came
/// through), <c>locality</c> (the post's own locality or its hub's, case-insensitively) and <c>topic</c>. Blank means
/// no filter; anything else that is not a usable value is an error naming its field, and nothing is listed.
/// </summary>
public sealed record NetworkFilter(string? Hub, string? Locality, string? Topic)
{
    public const string HubField = "hub";
    public const string LocalityField = "locality";
    public const string TopicField = "topic";

    /// <summary>Longest hub id taken (as long as an actor id we keep).</summary>
    public const int HubMax = 2048;

    public static readonly NetworkFilter None = new(null, null, null);

    public bool IsEmpty => Hub is null && Locality is null && Topic is null;

    /// <summary>Reads the three values; the fields with bad values (none when all is well) come back with it.</summary>
    public static (NetworkFilter Filter, IReadOnlyList<string> BadFields) Read(string? hub, string? locality, string? topic)
    {
        var bad = new List<string>();
        string? hubValue = null;
        if (!string.IsNullOrWhiteSpace(hub))
        {
            hubValue = hub.Trim();
            if (hubValue.Length > HubMax || !IsActorId(hubValue))
            {
                bad.Add(HubField);
            }
        }

        string? localityValue = null;
        if (!string.IsNullOrWhiteSpace(locality))
        {
            localityValue = locality.Trim();
            if (localityValue.Length > PostLimits.LocalityMax || localityValue.Any(char.IsControl))
            {
                bad.Add(LocalityField);
            }
        }

        string? topicValue = null;
        if (!string.IsNullOrWhiteSpace(topic))
        {
            // A topic as its pages write it: "#Allotments" and "allotments" are the same one.
            if (Topics.TryNormalise(topic.Trim().TrimStart('#'), out var name))
            {
                topicValue = name;
            }
            else
            {
                topicValue = topic.Trim();
                bad.Add(TopicField);
            }
        }

        return (new NetworkFilter(hubValue, localityValue, topicValue), bad);
    }

    /// <summary>The API's problem details: each bad field with what it takes.</summary>
    public static Dictionary<string, string[]> ApiErrors(IReadOnlyList<string> badFields) => badFields.ToDictionary(
        field => field,
        field => new[]
        {
            field switch
            {
                HubField => "A hub is the address (ActivityPub id) of its actor, an http(s) URL, as the hub field of a post gives it.",
                LocalityField => $"A locality is a place name of up to {PostLimits.LocalityMax} characters.",
                _ => $"A topic is one word of letters and digits (up to {PostLimits.TopicMax}), like \"foodbank\".",
            },
        },
        StringComparer.Ordinal);

    public PostQuery Narrow(PostQuery query) => query with { Hub = Hub, PostOrHubLocality = Locality, Topic = Topic };

    /// <summary>The query string of this filter (without "?"), with the cursor when given; empty when there is nothing.</summary>
    public string QueryString(string? escapedCursor = null)
    {
        var parts = new List<string>(4);
        if (Hub is not null)
        {
            parts.Add("hub=" + Uri.EscapeDataString(Hub));
        }

        if (Locality is not null)
        {
            parts.Add("locality=" + Uri.EscapeDataString(Locality));
        }

        if (Topic is not null)
        {
            parts.Add("topic=" + Uri.EscapeDataString(Topic));
        }

        if (escapedCursor is not null)
        {
            parts.Add("cursor=" + escapedCursor);
        }

        return string.Join('&', parts);
    }

    /// <summary>The network page showing only what came through this hub.</summary>
    public static string HubPage(string hubActorId) => "/network?hub=" + Uri.EscapeDataString(hubActorId);

    private static bool IsActorId(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme is "https" or "http"
        && uri.UserInfo.Length == 0
        && uri.Host.Length > 0
        && uri.Fragment.Length == 0;
}
