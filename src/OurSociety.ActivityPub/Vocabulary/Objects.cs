using System.Text.Json.Nodes;

namespace OurSociety.ActivityPub.Vocabulary;

/// <summary>
/// Builds the plain objects that activities carry: a <c>Relationship</c> (AS2 Vocabulary §3.3), a <c>Mention</c> tag
/// (AS2 Vocabulary §3.3, as Mastodon reads it, INTEROP §4.9) and a direct <c>Note</c> (addressed to actors only, each
/// mentioned: Mastodon's "direct" visibility, INTEROP §4.8). No <c>@context</c>: the activity that carries one, or the
/// caller, sets it.
/// </summary>
public static class Objects
{
    /// <summary>
    /// A <c>Relationship</c> of <paramref name="subjectId"/> to <paramref name="objectId"/>, of the kind named by
    /// <paramref name="relationship"/> (a term or IRI). Order: <c>id, type, subject, relationship, object</c>.
    /// </summary>
    public static JsonObject Relationship(string id, string subjectId, string relationship, string objectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return new JsonObject
        {
            [AsProperties.Id] = id,
            [AsProperties.Type] = ObjectTypes.Relationship,
            [AsProperties.Subject] = subjectId,
            [AsProperties.Relationship] = relationship,
            [AsProperties.Object] = objectId,
        };
    }

    /// <summary>A <c>Mention</c> tag: <c>{type, href, name}</c>, <paramref name="name"/> as <c>@user@host</c>.</summary>
    public static JsonObject Mention(string href, string name) => new()
    {
        [AsProperties.Type] = ObjectTypes.Mention,
        [AsProperties.Href] = href,
        [AsProperties.Name] = name,
    };

    /// <summary>
    /// A direct <c>Note</c>: <c>to</c> exactly the mentioned actors, <c>cc</c> empty, a <c>Mention</c> tag for each (so
    /// Mastodon both delivers and notifies), never the public collection. <paramref name="contentHtml"/> is the whole
    /// text; <paramref name="language"/>, when given, also keys it in <c>contentMap</c>.
    /// Order: <c>id, type, attributedTo, [inReplyTo,] published, to, cc, content, [contentMap,] tag</c>.
    /// </summary>
    public static JsonObject DirectNote(
        string id, string attributedTo, IReadOnlyList<(string Href, string Name)> mentions, string contentHtml, DateTimeOffset published,
        string? language = null, string? inReplyTo = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(mentions);
        if (mentions.Count == 0)
        {
            throw new ArgumentException("A direct note names at least one actor.", nameof(mentions));
        }

        var note = new JsonObject
        {
            [AsProperties.Id] = id,
            [AsProperties.Type] = ObjectTypes.Note,
            [AsProperties.AttributedTo] = attributedTo,
        };
        if (inReplyTo is not null)
        {
            note[AsProperties.InReplyTo] = inReplyTo;
        }

        note[AsProperties.Published] = Activities.FormatTime(published);
        note[AsProperties.To] = new JsonArray([.. mentions.Select(m => m.Href).Distinct(StringComparer.Ordinal).Select(h => (JsonNode?)JsonValue.Create(h))]);
        note[AsProperties.Cc] = new JsonArray();
        note[AsProperties.Content] = contentHtml;
        if (language is { Length: > 0 })
        {
            note[AsProperties.ContentMap] = new JsonObject { [language] = contentHtml };
        }

        note[AsProperties.Tag] = new JsonArray([.. mentions.Select(m => (JsonNode?)Mention(m.Href, m.Name))]);
        return note;
    }
}
