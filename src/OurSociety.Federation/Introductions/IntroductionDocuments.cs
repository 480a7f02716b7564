using System.Globalization;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Federation.Posts;

namespace OurSociety.Federation.Introductions;

/// <summary>Someone an introduction names, as the documents show them.</summary>
/// <param name="ActorId">Their actor IRI.</param>
/// <param name="Handle"><c>user@host</c>, without the leading <c>@</c>.</param>
/// <param name="Url">Their profile page (links go there; Mastodon links mentions so).</param>
/// <param name="Name">What to call them in a sentence: the display name, else the handle.</param>
public sealed record IntroducedPerson(string ActorId, string Handle, string Url, string Name)
{
    public string AtHandle => "@" + Handle;
}

/// <summary>
/// The documents introductions travel in (federation-specs/introductions.md): the <c>Offer</c> of a
/// <c>Relationship</c> to a party on an Our Society node, its answers, the <c>Update{Relationship}</c> that tells them
/// how it ended, and the direct notes (to a party on other software, and to both once it is made). Every one is
/// addressed to the people it is about and nobody else: never Public, a followers collection or an outbox.
/// </summary>
public static class IntroductionDocuments
{
    /// <summary>The introduction as a <c>Relationship</c>: <paramref name="subject"/> is introduced to <paramref name="other"/>.</summary>
    public static JsonObject Relationship(string apId, string subject, string other) =>
        Objects.Relationship(apId, subject, IntroductionTerms.IntroducedTo, other);

    /// <summary>
    /// The <c>Offer</c> to a party on an Our Society node: <c>to</c> and <c>target</c> that party only; the reason as
    /// <c>content</c> (HTML), a one-line <c>summary</c> in the glue-er's language. To a hub (<paramref name="partyIsHub"/>:
    /// its <c>Group</c>, read by its admins) the summary speaks of "your hub", not of a person.
    /// </summary>
    public static JsonObject Offer(
        string id, IntroducedPerson glueEr, string apId, IntroducedPerson party, IntroducedPerson other, string reasonHtml, DateTimeOffset at,
        string? language, bool partyIsHub = false)
    {
        ArgumentNullException.ThrowIfNull(glueEr);
        ArgumentNullException.ThrowIfNull(party);
        ArgumentNullException.ThrowIfNull(other);
        var culture = IntroductionText.Culture(language);
        var summary = IntroductionText.Format(partyIsHub ? "Offer.SummaryHub" : "Offer.Summary", culture, ("glueEr", glueEr.Name), ("other", other.AtHandle));
        return Activities.Offer(
            id, glueEr.ActorId, Relationship(apId, party.ActorId, other.ActorId), party.ActorId, [party.ActorId], at, summary, reasonHtml,
            OurContext.Context());
    }

    /// <summary>A party's yes (<c>Accept</c>) or no (<c>Reject</c>) to the Offer, to the glue-er alone.</summary>
    public static JsonObject Answer(bool accept, string id, string partyId, string offerId, string glueErId) =>
        accept ? Activities.Accept(id, partyId, offerId, [glueErId]) : Activities.Reject(id, partyId, offerId, [glueErId]);

    /// <summary>A party takes back their yes before it is made: <c>Undo</c> embedding the <c>Accept</c>, to the glue-er alone.</summary>
    public static JsonObject UndoAccept(string id, string partyId, string acceptId, string offerId, string glueErId) =>
        Activities.Undo(id, partyId, Answer(accept: true, acceptId, partyId, offerId, glueErId), [glueErId]);

    /// <summary>
    /// <c>Update{Relationship}</c> to a party on an Our Society node: <c>consentState</c> <c>accepted</c> (made) or
    /// <c>not-going-ahead</c>. Nothing else: not who said no, not why.
    /// </summary>
    public static JsonObject StateUpdate(string id, string glueErId, string apId, string partyId, string consentState, DateTimeOffset at)
    {
        var relationship = new JsonObject
        {
            ["id"] = apId,
            ["type"] = ObjectTypes.Relationship,
            ["to"] = new JsonArray(partyId),
            [IntroductionTerms.ConsentState] = consentState,
            ["updated"] = Activities.FormatTime(at),
        };
        return Activities.Update(id, glueErId, relationship, at, OurContext.Context());
    }

    /// <summary>
    /// The direct note that asks a party on other software (Mastodon…), wrapped in its <c>Create</c>: from the
    /// glue-er, to that account alone with a Mention, readable on its own in the glue-er's language: who introduces
    /// them, to whom (a link to the other's profile), why, how to answer (yes, no, stop) and that nothing is shared
    /// until they agree.
    /// </summary>
    public static JsonObject Ask(
        string createId, string noteId, IntroducedPerson glueEr, string apId, IntroducedPerson party, IntroducedPerson other, string reasonHtml,
        string hub, DateTimeOffset at, string? language)
    {
        ArgumentNullException.ThrowIfNull(glueEr);
        ArgumentNullException.ThrowIfNull(party);
        ArgumentNullException.ThrowIfNull(other);
        var culture = IntroductionText.Culture(language);
        var html =
            "<p>" + IntroductionText.Html("Ask.Greeting", culture,
                ("party", MentionHtml(party)), ("glueEr", Text(glueEr.Name)), ("other", LinkHtml(other))) + "</p>"
            + "<p>" + IntroductionText.Html("Ask.Why", culture) + "</p>"
            + "<blockquote>" + reasonHtml + "</blockquote>"
            + "<p>" + IntroductionText.Html("Ask.HowToAnswer", culture, ("hub", Text(hub))) + "</p>"
            + "<p>" + IntroductionText.Html("Ask.NothingShared", culture) + "</p>";
        return Note(createId, noteId, glueEr.ActorId, apId, [party], html, at, culture);
    }

    /// <summary>
    /// The direct note that tells both people they are introduced, wrapped in its <c>Create</c>: to both, a Mention
    /// of each (so Mastodon notifies them), links to both profiles, and the glue-er's reason.
    /// </summary>
    public static JsonObject Made(
        string createId, string noteId, IntroducedPerson glueEr, string apId, IntroducedPerson a, IntroducedPerson b, string reasonHtml,
        DateTimeOffset at, string? language)
    {
        ArgumentNullException.ThrowIfNull(glueEr);
        var culture = IntroductionText.Culture(language);
        var html =
            "<p>" + IntroductionText.Html("Made.Greeting", culture, ("a", MentionHtml(a)), ("b", MentionHtml(b))) + "</p>"
            + "<p>" + IntroductionText.Html("Ask.Why", culture) + "</p>"
            + "<blockquote>" + reasonHtml + "</blockquote>"
            + "<p>" + IntroductionText.Html("Made.Next", culture) + "</p>";
        return Note(createId, noteId, glueEr.ActorId, apId, [a, b], html, at, culture);
    }

    /// <summary>Mastodon's mention markup (INTEROP §4.1), so its readers show and link it as a mention.</summary>
    public static string MentionHtml(IntroducedPerson person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var user = person.Handle.Split('@')[0];
        return $"<span class=\"h-card\"><a href=\"{Attribute(person.Url)}\" class=\"u-url mention\">@<span>{Text(user)}</span></a></span>";
    }

    private static JsonObject Note(
        string createId, string noteId, string glueErId, string apId, IReadOnlyList<IntroducedPerson> to, string html, DateTimeOffset at, CultureInfo culture)
    {
        var note = Objects.DirectNote(noteId, glueErId, [.. to.Select(p => (p.ActorId, p.AtHandle))], html, at, culture.TwoLetterISOLanguageName);
        note[IntroductionTerms.Introduction] = apId;
        return Activities.Create(createId, glueErId, note, at, OurContext.Context());
    }

    private static string LinkHtml(IntroducedPerson person) =>
        $"<a href=\"{Attribute(person.Url)}\">{Text(person.Name)} ({Text(person.AtHandle)})</a>";

    /// <summary>Text escaped for HTML content and attributes: the four characters that matter, so "I'm" stays readable.</summary>
    public static string Text(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    private static string Attribute(string url) => Text(url);
}
