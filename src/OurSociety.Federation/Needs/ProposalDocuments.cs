using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Discovery;
using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Content;
using OurSociety.Core.Needs;
using OurSociety.Core.Posts;
using OurSociety.Federation.Posts;

namespace OurSociety.Federation.Needs;

/// <summary>What a need's or offer's document needs beyond it: where it lives, who posted it, the hub.</summary>
/// <param name="Origin">This node's origin.</param>
/// <param name="AuthorId">The actor it is attributed to: the member, or the hub for the hub's own.</param>
/// <param name="HubId">The hub's actor id (the <c>audience</c>, FEP-1b12).</param>
public sealed record ProposalContext(string Origin, string AuthorId, string HubId);

/// <summary>
/// Needs and offers as ActivityPub objects (federation-specs/needs-offers.md): FEP-0837 proposals typed as <c>Note</c>,
/// as FEP-0837 allows, so Mastodon shows a normal post: its readable <c>content</c> says what, how much time, where and
/// until when, with #need or #offer and its topics as hashtags. The structure travels beside it: <c>purpose</c>
/// (request or offer), <c>publishes</c> an <c>Intent</c> whose <c>action</c> is <c>deliverService</c> (skills, time) or
/// <c>transfer</c> (equipment, space), <c>location</c> a <c>Place</c>, <c>endTime</c>; our own terms carry the plain
/// details and the time; ActivityStreams' <c>closed</c> says when it was closed.
/// </summary>
public static class ProposalDocuments
{
    /// <summary>Valueflows and the units ontology, as FEP-0837 names them.</summary>
    public const string ValueflowsNamespace = "https://w3id.org/valueflows/ont/vf#";

    public const string UnitsNamespace = "http://www.ontology-of-units-of-measure.org/resource/om-2/";

    public const string Request = "request";
    public const string Offer = "offer";
    public const string DeliverService = "deliverService";
    public const string Transfer = "transfer";

    /// <summary>The hashtag every need carries, and every offer; a topic of that name is not repeated.</summary>
    public static string Hashtag(ProposalKind kind) => ProposalNames.Name(kind);

    /// <summary>Our terms, FEP-0837's and the ActivityStreams context: inline, so no peer fetches anything.</summary>
    public static JsonArray Context()
    {
        var terms = OurContext.Terms();
        terms["vf"] = ValueflowsNamespace;
        terms["om2"] = UnitsNamespace;
        terms["Proposal"] = "vf:Proposal";
        terms[ObjectTypes.Intent] = "vf:Intent";
        terms[AsProperties.Purpose] = "vf:purpose";
        terms[AsProperties.Publishes] = "vf:publishes";
        terms[AsProperties.Action] = "vf:action";
        terms[AsProperties.UnitBased] = "vf:unitBased";
        terms[AsProperties.ResourceConformsTo] = new JsonObject { ["@id"] = "vf:resourceConformsTo", ["@type"] = "@id" };
        terms[AsProperties.ResourceQuantity] = "vf:resourceQuantity";
        terms[AsProperties.HasUnit] = "om2:hasUnit";
        terms[AsProperties.HasNumericalValue] = "om2:hasNumericalValue";
        terms["details"] = "os:details";
        terms["timeCommitment"] = "os:timeCommitment";
        // "closed" is ActivityStreams' own (as:closed, a date or true, as on a Question): no term of ours needed.
        return [ActivityStreams.Context, terms];
    }

    /// <summary>
    /// The full object of a need or offer posted here, with its <c>@context</c>. <paramref name="mentioned"/>: the
    /// <c>@user@host</c> handles its details name, as looked up (<see cref="MentionResolver"/>): linked in the content,
    /// tagged <c>Mention</c> and in <c>cc</c>, so they are told.
    /// </summary>
    public static JsonObject Build(Proposal proposal, ProposalContext c, IReadOnlyCollection<Mention>? mentioned = null)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(c);
        var found = Mentions.Current(mentioned ?? [], proposal.Details);
        var id = ProposalUrls.Page(c.Origin, proposal);
        var (to, cc) = PostDocuments.Addressing(Visibility.Public, ApUrls.Followers(c.AuthorId), null, found.Select(m => m.ActorId!));
        var document = new JsonObject
        {
            ["@context"] = Context(),
            ["id"] = id,
            ["type"] = ObjectTypes.Note,
            [AsProperties.Purpose] = proposal.Kind == ProposalKind.Need ? Request : Offer,
            ["attributedTo"] = c.AuthorId,
            ["audience"] = c.HubId,
            ["to"] = to,
            ["cc"] = cc,
            ["published"] = PostDocuments.Time(proposal.CreatedAt),
            ["updated"] = proposal.UpdatedAt is { } updated ? PostDocuments.Time(updated) : null,
            ["url"] = id,
            // Mastodon ignores a Note's name (INTEROP §4.1); FEP-0837 and our nodes read the title there.
            ["name"] = proposal.Title,
            ["content"] = Content(proposal, c.Origin, found),
            ["details"] = string.IsNullOrWhiteSpace(proposal.Details) ? null : DetailsText(proposal),
            ["timeCommitment"] = proposal.Time,
            ["locality"] = proposal.Locality,
            ["location"] = proposal.Locality is { } place ? new JsonObject { ["type"] = ObjectTypes.Place, ["name"] = place } : null,
            ["endTime"] = proposal.Ends is { } ends ? PostDocuments.Time(ends) : null,
            ["closed"] = proposal.ClosedAt is { } closed ? PostDocuments.Time(closed) : null,
            [AsProperties.Publishes] = new JsonObject
            {
                ["id"] = id + "#primary",
                ["type"] = ObjectTypes.Intent,
                [AsProperties.Action] = ProposalNames.IsService(proposal.Resource) ? DeliverService : Transfer,
                [AsProperties.ResourceConformsTo] = OurContext.Namespace + ProposalNames.Name(proposal.Resource),
                [AsProperties.ResourceQuantity] = new JsonObject { [AsProperties.HasUnit] = "one", [AsProperties.HasNumericalValue] = "1" },
            },
            [AsProperties.UnitBased] = false,
        };
        if (proposal.Language is { } language)
        {
            document[AsProperties.ContentMap] = new JsonObject { [language] = document["content"]!.DeepClone() };
            document[AsProperties.NameMap] = new JsonObject { [language] = proposal.Title };
        }

        var tags = new JsonArray();
        foreach (var topic in Tags(proposal))
        {
            tags.Add(new JsonObject { ["type"] = ObjectTypes.Hashtag, ["href"] = PostUrls.Topic(c.Origin, topic), ["name"] = "#" + topic });
        }

        foreach (var tag in MentionResolver.Tags(found))
        {
            tags.Add(tag);
        }

        document["tag"] = tags;
        foreach (var key in document.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            document.Remove(key);
        }

        return document;
    }

    /// <summary>What a deleted one's address answers (with 410), and what its Delete carries.</summary>
    public static JsonObject Tombstone(string id, DateTimeOffset? deleted)
    {
        var tombstone = new JsonObject
        {
            ["@context"] = ActivityStreams.Context,
            ["id"] = id,
            ["type"] = ObjectTypes.Tombstone,
            ["formerType"] = ObjectTypes.Note,
        };
        if (deleted is { } at)
        {
            tombstone["deleted"] = PostDocuments.Time(at);
        }

        return tombstone;
    }

    /// <summary>
    /// True when a received object is a FEP-0837 proposal: typed <c>Proposal</c>, or any type with a <c>purpose</c> of
    /// <c>offer</c> or <c>request</c> and the intent it <c>publishes</c>.
    /// </summary>
    public static bool IsProposal(ApDocument obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Type == "Proposal"
            || (obj.GetString(AsProperties.Purpose) is Request or Offer && obj.Json[AsProperties.Publishes] is JsonObject or JsonValue);
    }

    /// <summary>
    /// A received proposal as a need or offer (not stored). <paramref name="existing"/> keeps the id and place of a
    /// stored copy being updated. Text is sanitised and capped like received posts.
    /// </summary>
    public static Proposal Read(ApDocument obj, string actorId, Proposal? existing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var kind = obj.GetString(AsProperties.Purpose) == Offer ? ProposalKind.Offer : ProposalKind.Need;
        var content = SafeHtml.Clean(obj.GetString("content") ?? obj.GetObject(AsProperties.ContentMap)?.Select(e => ApDocument.AsString(e.Value)).FirstOrDefault(v => v is not null));
        var detailsText = PlainText.CleanOrNull(obj.GetString("details"), ProposalLimits.DetailsMax);
        var title = PlainText.CleanOrNull(obj.GetString("name"), ProposalLimits.TitleMax)
            ?? PlainText.CleanOrNull(content, 80)
            ?? (kind == ProposalKind.Need ? "Need" : "Offer");
        var intent = obj.GetObject(AsProperties.Publishes) is { } publishes ? ApDocument.From(publishes).Document : null;
        var published = Date(obj.GetString("published")) is { } p && p <= now ? p : now;
        return new Proposal
        {
            Id = existing?.Id ?? Guid.CreateVersion7(now),
            Kind = existing?.Kind ?? kind,
            RemoteAuthor = actorId,
            ApId = obj.Id,
            Url = obj.GetLinks(AsProperties.Url).FirstOrDefault(u => PostService.IsWebUrl(u) && Origins.SameOrigin(u, obj.Id)),
            Format = TextFormat.Html,
            Title = title,
            Details = detailsText is not null ? Paragraphs(detailsText) : Cap(content),
            Resource = ResourceOf(intent),
            Topics = Topics(obj, kind),
            Locality = PlainText.CleanOrNull(obj.GetString("locality"), ProposalLimits.LocalityMax)
                ?? PlainText.CleanOrNull(obj.GetObject("location") is { } location ? ApDocument.AsString(location["name"]) : null, ProposalLimits.LocalityMax),
            Time = PlainText.CleanOrNull(obj.GetString("timeCommitment"), ProposalLimits.TimeMax),
            Ends = Date(obj.GetString("endTime")),
            ClosedAt = Date(obj.GetString("closed")) is { } closed ? (closed <= now ? closed : now) : null,
            Language = ReceivedPosts.LanguageOf(obj),
            CreatedAt = existing?.CreatedAt ?? published,
            UpdatedAt = existing is null ? null : now,
        };
    }

    /// <summary>Its hashtags: #need or #offer, then its topics.</summary>
    public static IEnumerable<string> Tags(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var kind = Hashtag(proposal.Kind);
        return new[] { kind }.Concat(proposal.Topics.Where(t => t != kind));
    }

    /// <summary>
    /// The proposal as Mastodon users read it: what it is, the details, then how much time, where and until when, and
    /// the hashtags. Federated text read in other servers' apps (English, like a lesson's headings): not our UI.
    /// </summary>
    private static string Content(Proposal proposal, string origin, IReadOnlyCollection<Mention> mentioned)
    {
        var html = new StringBuilder();
        if (proposal.IsClosed)
        {
            html.Append("<p><strong>Closed: found, thank you.</strong></p>");
        }

        html.Append("<p><strong>").Append(proposal.Kind == ProposalKind.Need ? "Need: " : "Offer: ").Append(Encode(proposal.Title)).Append("</strong></p>");
        html.Append(Details(proposal, mentioned));
        var facts = new List<string> { (proposal.Kind == ProposalKind.Need ? "Needed: " : "Offered: ") + ResourceWords(proposal.Resource) };
        if (proposal.Time is { Length: > 0 } time)
        {
            facts.Add("Time: " + Encode(time));
        }

        if (proposal.Locality is { Length: > 0 } place)
        {
            facts.Add("Place: " + Encode(place));
        }

        if (proposal.Ends is { } ends)
        {
            facts.Add("Until: " + ends.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture));
        }

        html.Append("<p>").AppendJoin("<br>", facts).Append("</p>");
        html.Append("<p>").AppendJoin(' ', Tags(proposal).Select(t =>
            $"<a href=\"{Encode(PostUrls.Topic(origin, t))}\" class=\"mention hashtag\" rel=\"tag\">#<span>{Encode(t)}</span></a>")).Append("</p>");
        return html.ToString();
    }

    private static string ResourceWords(ProposalResource resource) => resource switch
    {
        ProposalResource.Skills => "skills",
        ProposalResource.Time => "time",
        ProposalResource.Equipment => "equipment",
        _ => "space",
    };

    /// <summary>
    /// The details as safe HTML, whichever way they are stored; written here, the <c>@user@host</c> handles in
    /// <paramref name="mentioned"/> that were found are links to them (the rest stay plain text).
    /// </summary>
    public static string Details(Proposal proposal, IReadOnlyCollection<Mention>? mentioned = null)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return string.IsNullOrWhiteSpace(proposal.Details) ? ""
            : proposal.Format == TextFormat.Markdown ? MarkdownHtml.Render(proposal.Details, mentioned) : SafeHtml.Clean(proposal.Details);
    }

    /// <summary>What its mentions are kept under (<see cref="IMentionStore"/>) and what the author's notices name: <c>need:{id}</c> or <c>offer:{id}</c>.</summary>
    public static string MentionSubject(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return Core.Notifications.NotificationSubjects.Of(ProposalNames.Name(proposal.Kind), proposal.Id);
    }

    /// <summary>The details as plain text (what <c>details</c> carries, and what search and lists show).</summary>
    public static string DetailsText(Proposal proposal, int maxLength = ProposalLimits.DetailsMax) =>
        SafeHtml.PlainText(Details(proposal), maxLength);

    private static ProposalResource ResourceOf(ApDocument? intent)
    {
        if (intent?.GetReference("resourceConformsTo") is { } conforms && conforms.StartsWith(OurContext.Namespace, StringComparison.Ordinal)
            && ProposalNames.TryParseResource(conforms[OurContext.Namespace.Length..], out var ours))
        {
            return ours;
        }

        return intent?.GetString("action") == Transfer ? ProposalResource.Equipment : ProposalResource.Skills;
    }

    /// <summary>Hashtags as topics, without #need and #offer (the kind says that), words only, at most as many as a member may give.</summary>
    private static List<string> Topics(ApDocument obj, ProposalKind kind)
    {
        var topics = new List<string>();
        foreach (var tag in obj.GetObjects(AsProperties.Tag))
        {
            if (tag.Type == ObjectTypes.Hashtag && tag.GetString(AsProperties.Name) is { } name)
            {
                var topic = PostService.NormaliseTopic(name);
                if (topic != Hashtag(kind) && topic.Length is > 0 and <= PostLimits.TopicMax
                    && topic.All(c => char.IsLetterOrDigit(c) || c == '_') && !topics.Contains(topic))
                {
                    topics.Add(topic);
                }
            }
        }

        return [.. topics.Take(PostLimits.TopicsMax)];
    }

    /// <summary>Plain text as paragraphs of safe HTML (blank lines part them).</summary>
    private static string Paragraphs(string text) =>
        string.Concat(text.Split(["\n\n", "\r\n\r\n"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => "<p>" + Encode(p).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>"));

    private static string Cap(string html) => html.Length <= ProposalLimits.DetailsMax * 4
        ? html
        : "<p>" + Encode(SafeHtml.PlainText(html, ProposalLimits.DetailsMax)) + "</p>";


    private static DateTimeOffset? Date(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
