using System.ComponentModel;
using OurSociety.Core.HelpRequests;
using OurSociety.Web.Features.Api;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Help;

/// <summary>Asking for help. Checked by the domain, so a bad field gets a sentence naming it.</summary>
public sealed record HelpRequestRequest(
    [property: Description("Your question in a few sentences, up to 1 000 characters. Required.")] string? Question,
    [property: Description("What it is about: plain words without '#', 1 to 10. Members who can help with them may be invited.")] IReadOnlyList<string>? Topics,
    [property: Description("True: members here who can help with these topics are invited into the thread and told. False (default): only the hub's glue-ers see it.")] bool? ShareWithHelpers);

/// <summary>An answer in a request's thread.</summary>
public sealed record HelpReplyRequest(
    [property: Description("Plain text, up to 5 000 characters. Required.")] string? Body);

/// <summary>A glue-er invites a member of this hub into a thread.</summary>
public sealed record HelpHelperRequest(
    [property: Description("The member's username (with or without '@'). Required.")] string? Username);

public sealed record HelpRequestResponse(
    Guid Id,
    string Question,
    [property: Description("Plain words, lower case, without '#'.")] IReadOnlyList<string> Topics,
    [property: Description("Whether members who can help with its topics may be invited.")] bool ShareWithHelpers,
    [property: Description("open or closed.")] string State,
    [property: Description("Who asked.")] AuthorResponse Asker,
    [property: Description("Why you can read it: asker, glue-er or helper.")] string YourRole,
    [property: Description("Members invited into the thread (matched by what they can help with, or by a glue-er).")] IReadOnlyList<AuthorResponse> Helpers,
    [property: Description("The thread's page.")] string Url,
    [property: Description("For glue-ers: the page that turns it into an introduction, with the asker and a reason filled in.")] string? IntroductionUrl,
    DateTimeOffset Created,
    DateTimeOffset? Closed)
{
    internal static HelpRequestResponse From(HelpRequestView view, NodeOptions node) => new(
        view.Request.Id,
        view.Request.Question,
        view.Request.Topics,
        view.Request.ShareWithHelpers,
        view.Request.IsOpen ? "open" : "closed",
        view.Asker.ToResponse(),
        RoleName(view.Role),
        [.. view.Helpers.Select(h => h.ToResponse())],
        node.Origin + view.Url,
        view.IntroductionUrl is { } url ? node.Origin + url : null,
        view.Request.CreatedAt,
        view.Request.ClosedAt);

    internal static string RoleName(HelpRole role) => role switch
    {
        HelpRole.Asker => "asker",
        HelpRole.GlueEr => "glue-er",
        _ => "helper",
    };
}

public sealed record HelpReplyResponse(Guid Id, [property: Description("Who wrote it.")] AuthorResponse Author, string Body, DateTimeOffset Created)
{
    internal static HelpReplyResponse From(HelpReplyView view) =>
        new(view.Reply.Id, view.Author.ToResponse(), view.Reply.Body, view.Reply.CreatedAt);
}
