namespace OurSociety.ActivityPub;

/// <summary>Names from the ActivityStreams 2.0 and ActivityPub specifications that every part of the library uses.</summary>
public static class ActivityStreams
{
    /// <summary>The ActivityStreams JSON-LD context (AS2 Core §2.1).</summary>
    public const string Context = "https://www.w3.org/ns/activitystreams";

    /// <summary>The special "everyone" collection for public addressing (AP §5.6).</summary>
    public const string Public = "https://www.w3.org/ns/activitystreams#Public";

    /// <summary>The media type servers send and expect for ActivityPub documents (AP §3.2).</summary>
    public const string MediaType = "application/activity+json";

    /// <summary>The JSON-LD media type with the ActivityStreams profile, which AP §3.2 also names.</summary>
    public const string LdMediaType = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
}
