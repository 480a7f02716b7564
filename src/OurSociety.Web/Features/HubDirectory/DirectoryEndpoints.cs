using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using OurSociety.Core.Hubs;
using OurSociety.Core.Moderation;
using OurSociety.Core.Paging;
using OurSociety.Web.Features.Api;
using OurSociety.Web.Pages;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Features.HubDirectory;

/// <summary>
/// The network directory: <c>GET /api/oursociety/v1/directory</c> and the page <c>/network/hubs</c>. Both only read
/// what the background refresh stored (no fetch while a person waits) and drop, at read time, every hub whose domain
/// is blocked or, in allowlist mode, not allowed, so a new block hides its hubs at once.
/// </summary>
internal static class DirectoryEndpoints
{
    public const int PagePageSize = 30;

    public static RouteGroupBuilder MapDirectoryApi(this RouteGroupBuilder api)
    {
        api.MapGet("/directory", ApiAsync).WithTags("Directory").AllowAnonymous()
            .WithName("ListDirectory").WithSummary("The hubs of the network directory")
            .WithDescription("The hubs this hub is linked with (hops 1) and the Our Society hubs they follow (hops 2), as the " +
                             "background refresh last read them; nearest first, then by name. q searches name and description, " +
                             "locality the place, topic one topic word. No sign-in needed.")
            .Produces<PageResponse<DirectoryItem>>()
            .ProducesValidationProblem();
        return api;
    }

    public static void MapDirectoryPages(this IEndpointRouteBuilder app) =>
        app.MapGet("/network/hubs", PageAsync).ExcludeFromDescription();

    internal static async Task<IResult> ApiAsync(
        string? q, string? locality, string? topic, string? limit, string? cursor, IDirectoryStore store, IDomainRules rules,
        IStringLocalizer<DirectoryText> d, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = ReadFilter(q, locality, topic, d, errors);
        if (ApiPaging.Read(limit, cursor, out var take, out var after) is { } pagingProblem)
        {
            return pagingProblem;
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await VisibleAsync(store, rules, filter, after, take, ct);
        return TypedResults.Ok(PageResponse<DirectoryItem>.From(page, DirectoryItem.From));
    }

    internal static async Task<IResult> PageAsync(
        string? q, string? locality, string? topic, string? cursor, ClaimsPrincipal user, IDirectoryStore store, IDomainRules rules,
        IStringLocalizer<DirectoryText> d, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = ReadFilter(q, locality, topic, d, errors);
        if (!Cursor.TryDecode(cursor, out var after))
        {
            errors["cursor"] = [d["Directory.BadLink"].Value];
            after = Cursor.Start;
        }

        var page = errors.Count > 0 ? new Page<DirectoryEntry>([], null) : await VisibleAsync(store, rules, filter, after, PagePageSize, ct);
        return Html.Page<DirectoryPage>(new
        {
            Entries = page.Items,
            Next = page.Next is { } next ? NextUrl(q, locality, topic, next) : null,
            Query = q ?? "",
            Locality = locality ?? "",
            Topic = topic ?? "",
            Errors = errors,
            IsAdmin = user.IsInRole("admin"),
            SignedIn = user.Identity?.IsAuthenticated == true,
        }, errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    /// <summary>The filters, trimmed; a topic is normalised like a post's topic. Too long or not a word: an error naming the field.</summary>
    internal static DirectoryFilter ReadFilter(
        string? q, string? locality, string? topic, IStringLocalizer<DirectoryText> d, Dictionary<string, string[]> errors)
    {
        string? Text(string name, string? value, int max)
        {
            var trimmed = value?.Trim();
            if (string.IsNullOrEmpty(trimmed))
            {
                return null;
            }

            if (trimmed.Length > max)
            {
                errors[name] = [d.Format("Directory.TooLong", ("max", max))];
                return null;
            }

            return trimmed;
        }

        var query = Text("q", q, DirectoryLimits.Query);
        var place = Text("locality", locality, DirectoryLimits.Locality);
        string? word = null;
        if (!string.IsNullOrWhiteSpace(topic))
        {
            if (Finding.Topics.TryNormalise(topic, out var normalised))
            {
                word = normalised;
            }
            else
            {
                errors["topic"] = [d["Directory.TopicInvalid"].Value];
            }
        }

        return new DirectoryFilter(query, place, word);
    }

    /// <summary>
    /// A page of entries whose domain federates with us now. Blocked ones are taken out after the query: the refresh
    /// keeps few hubs (MaxHubs), and the page's cursor still moves past them.
    /// </summary>
    private static async Task<Page<DirectoryEntry>> VisibleAsync(
        IDirectoryStore store, IDomainRules rules, DirectoryFilter filter, Cursor after, int take, CancellationToken ct)
    {
        var page = await store.ListAsync(filter, after, take, ct);
        var shown = new List<DirectoryEntry>(page.Items.Count);
        foreach (var entry in page.Items)
        {
            if (await rules.ForAsync(entry.Host, ct) is { Federates: true, Severity: DomainSeverity.None })
            {
                shown.Add(entry with { LinkedTo = await AllowedAsync(entry.LinkedTo, rules, ct) });
            }
        }

        return page with { Items = shown };
    }

    private static async Task<IReadOnlyList<string>> AllowedAsync(IReadOnlyList<string> hubs, IDomainRules rules, CancellationToken ct)
    {
        var allowed = new List<string>(hubs.Count);
        foreach (var hub in hubs)
        {
            if (await rules.ForAsync(hub, ct) is { Federates: true, Severity: DomainSeverity.None })
            {
                allowed.Add(hub);
            }
        }

        return allowed;
    }

    private static string NextUrl(string? q, string? locality, string? topic, string next)
    {
        var query = new List<string>();
        foreach (var (name, value) in new[] { ("q", q), ("locality", locality), ("topic", topic), ("cursor", next) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        return "/network/hubs?" + string.Join("&", query);
    }
}

/// <summary>One hub of the directory, as the API answers it.</summary>
/// <param name="ActorId">The hub's Group id (follow it, or ask to link with it, by this).</param>
/// <param name="Members">Its node's member count (NodeInfo), or null when it did not say.</param>
/// <param name="LinkedTo">The hubs we are linked with that follow it (empty for a hub we are linked with).</param>
/// <param name="Hops">1: linked with us; 2: followed by a hub we are linked with.</param>
internal sealed record DirectoryItem(
    string ActorId, string Name, string Locality, string Description, IReadOnlyList<string> Topics, long? Members,
    IReadOnlyList<string> LinkedTo, int Hops, string? Url)
{
    public static DirectoryItem From(DirectoryEntry e) =>
        new(e.ActorId, e.Name, e.Locality, e.Description, e.Topics, e.Members, e.LinkedTo, e.Hops, e.Url);
}
