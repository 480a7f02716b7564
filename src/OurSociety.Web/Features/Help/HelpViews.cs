using Microsoft.Extensions.Localization;
using OurSociety.Core.HelpRequests;
using OurSociety.Core.Paging;
using OurSociety.Web.Hosting;
using OurSociety.Web.Posts;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.Help;

/// <summary>A member in a thread, as pages and the API name them.</summary>
public sealed record HelpPerson(string Username, string DisplayName, string ActorId, string Url)
{
    internal static HelpPerson From(PostAuthor author) => new(author.Username, author.DisplayName, author.ActorId, author.Url);

    internal Api.AuthorResponse ToResponse() => new(Username, DisplayName, ActorId, Url);
}

/// <summary>A help request as one reader sees it: who asked, who else is in the thread, what they may do.</summary>
public sealed record HelpRequestView(
    HelpRequest Request, HelpRole Role, HelpPerson Asker, IReadOnlyList<HelpPerson> Helpers, string? IntroductionUrl)
{
    public string Url => HelpViews.Page(Request.Id);
}

/// <summary>A reply in a thread, with its writer.</summary>
public sealed record HelpReplyView(HelpReply Reply, HelpPerson Author);

internal static class HelpViews
{
    public static string Page(Guid id) => $"/help/{id:D}";

    /// <summary>The thread as the reader sees it; the introduction link only for glue-ers.</summary>
    public static async Task<HelpRequestView> ForAsync(
        HelpThread thread, PostAuthors authors, NodeOptions node, IStringLocalizer<HelpText> h, CancellationToken ct)
    {
        var asker = HelpPerson.From(await authors.MemberAsync(thread.Request.AskerId, ct));
        var helpers = new List<HelpPerson>();
        foreach (var helper in thread.Helpers)
        {
            helpers.Add(HelpPerson.From(await authors.MemberAsync(helper.MemberId, ct)));
        }

        var introduction = thread.Role == HelpRole.GlueEr ? IntroductionUrl(thread.Request, asker, node, h) : null;
        return new HelpRequestView(thread.Request, thread.Role, asker, helpers, introduction);
    }

    /// <summary>Each request of a list, as the reader sees it (a list shows at most a page of them).</summary>
    public static async Task<IReadOnlyList<HelpRequestView>> ListAsync(
        Page<HelpRequest> page, Guid reader, HelpRequestService service, PostAuthors authors, NodeOptions node, IStringLocalizer<HelpText> h,
        CancellationToken ct)
    {
        var views = new List<HelpRequestView>(page.Items.Count);
        foreach (var request in page.Items)
        {
            if (await service.GetAsync(request.Id, reader, ct) is Core.Outcome<HelpThread>.Ok(var thread))
            {
                views.Add(await ForAsync(thread, authors, node, h, ct));
            }
        }

        return views;
    }

    public static async Task<IReadOnlyList<HelpReplyView>> RepliesAsync(Page<HelpReply> page, PostAuthors authors, CancellationToken ct)
    {
        var views = new List<HelpReplyView>(page.Items.Count);
        foreach (var reply in page.Items)
        {
            views.Add(new HelpReplyView(reply, HelpPerson.From(await authors.MemberAsync(reply.AuthorId, ct))));
        }

        return views;
    }

    /// <summary>The longest question quoted in an introduction's reason; the glue-er can edit the rest.</summary>
    private const int QuotedQuestionMax = 300;

    /// <summary>
    /// Turning a request into an introduction: the introductions page (<c>/introductions/new</c>), with the asker as
    /// one party (<c>a</c>, their full handle) and a reason (<c>reason</c>) prefilled from the question.
    /// </summary>
    public static string IntroductionUrl(HelpRequest request, HelpPerson asker, NodeOptions node, IStringLocalizer<HelpText> h)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(asker);
        ArgumentNullException.ThrowIfNull(node);
        var question = request.Question.Length > QuotedQuestionMax ? request.Question[..QuotedQuestionMax].TrimEnd() + "…" : request.Question;
        var reason = h.Format("Introduction.Reason", ("name", asker.DisplayName), ("question", question));
        var handle = $"@{asker.Username}@{node.PublicUri.Authority}";
        return $"/introductions/new?a={Uri.EscapeDataString(handle)}&reason={Uri.EscapeDataString(reason)}";
    }
}
