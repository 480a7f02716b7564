using System.Reflection;
using Microsoft.Extensions.Options;
using OurSociety.ActivityPub;
using OurSociety.ActivityPub.Discovery;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Federation.Actors;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Discovery;

/// <summary>
/// How other servers find this node and its actors: WebFinger (INTEROP §1.1), host-meta (§1.2) and NodeInfo (§1.3).
/// All are public documents for servers and scripts, so they carry <c>Access-Control-Allow-Origin: *</c>, and are never
/// signature-checked (INTEROP §3.5).
/// </summary>
internal static class DiscoveryEndpoints
{
    /// <summary>Mastodon caches WebFinger answers for 3 days (INTEROP §1.1).</summary>
    public const string WebFingerCacheControl = "public, max-age=259200";

    public const string NodeInfoCacheControl = "public, max-age=1800";

    /// <summary>
    /// Where our protocol description lives: a path in the source distribution until the project has a public address
    /// for it (NodeInfo metadata is free-form, so a reader treats it as a hint).
    /// </summary>
    public const string FederationSpec = "federation-specs/README.md";

    public static RouteGroupBuilder MapDiscoveryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").ExcludeFromDescription();
        group.MapGet("/.well-known/webfinger", WebFingerAsync);
        group.MapGet("/.well-known/host-meta", HostMetaDocument);
        group.MapGet("/.well-known/nodeinfo", NodeInfoLinks);
        group.MapGet("/nodeinfo/{version}", NodeInfoAsync);
        return group;
    }

    internal static async Task<IResult> WebFingerAsync(
        HttpContext http, IMemberStore members, IOptions<NodeOptions> node, HubIdentity hub, CancellationToken ct)
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        var resource = http.Request.Query["resource"];
        if (resource.Count != 1 || string.IsNullOrWhiteSpace(resource[0]))
        {
            return Problem(StatusCodes.Status400BadRequest, "The resource parameter is missing.");
        }

        var target = Resolve(resource[0]!, node.Value);
        if (target is WebFingerTarget.Malformed)
        {
            return Problem(StatusCodes.Status400BadRequest, "The resource is neither acct:user@host nor an http(s) URL.");
        }

        var document = target switch
        {
            WebFingerTarget.Instance => InstanceActor(node.Value),
            WebFingerTarget.Local(var username) when string.Equals(username, hub.Username, StringComparison.OrdinalIgnoreCase)
                => LocalActor(node.Value, hub.Username),
            WebFingerTarget.Local(var username) when username.Length <= Username.MaxLength
                && await members.FindByUsernameAsync(username, ct) is { State: MemberState.Active } member
                => LocalActor(node.Value, member.Username),
            _ => null,
        };
        if (document is null)
        {
            // Pending members have asked to join, not joined: they do not exist for other servers either.
            return Problem(StatusCodes.Status404NotFound, "No such account here.");
        }

        http.Response.Headers.CacheControl = WebFingerCacheControl;
        return Results.Text(document.ToJson(), WebFingerDocument.MediaType + "; charset=utf-8");
    }

    /// <summary>What a WebFinger resource names, before any lookup.</summary>
    internal abstract record WebFingerTarget
    {
        public sealed record Malformed : WebFingerTarget;

        public sealed record Elsewhere : WebFingerTarget;

        public sealed record Instance : WebFingerTarget;

        public sealed record Local(string Username) : WebFingerTarget;
    }

    internal static WebFingerTarget Resolve(string resource, NodeOptions node)
    {
        var ourAuthority = Origins.NormalizeAuthority(node.PublicUri.Authority);
        var ourHost = Origins.NormalizeAuthority(node.PublicUri.Host);
        if (resource.StartsWith("acct:", StringComparison.OrdinalIgnoreCase) || !resource.Contains("://", StringComparison.Ordinal))
        {
            // acct:user@host and the bare user@host some senders use (GoToSocial #236).
            if (Handle.TryParse(resource) is not { } handle)
            {
                return new WebFingerTarget.Malformed();
            }

            if (!string.Equals(handle.Host, ourAuthority, StringComparison.Ordinal))
            {
                return new WebFingerTarget.Elsewhere();
            }

            // Mastodon's instance actor is acct:LOCAL_DOMAIN@LOCAL_DOMAIN (INTEROP §1.1); the user part carries no port.
            return string.Equals(handle.User, ourHost, StringComparison.OrdinalIgnoreCase)
                ? new WebFingerTarget.Instance()
                : new WebFingerTarget.Local(handle.User);
        }

        if (!Uri.TryCreate(resource, UriKind.Absolute, out var uri) || Origins.Normalize(resource) is not { } origin)
        {
            return new WebFingerTarget.Malformed();
        }

        if (!string.Equals(origin, Origins.Normalize(node.PublicUri), StringComparison.Ordinal)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return new WebFingerTarget.Elsewhere();
        }

        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        if (path == "/actor")
        {
            return new WebFingerTarget.Instance();
        }

        var name = path.StartsWith("/users/", StringComparison.Ordinal) ? path["/users/".Length..]
            : path.StartsWith("/@", StringComparison.Ordinal) ? path[2..]
            : null;
        return name is { Length: > 0 } && !name.Contains('/', StringComparison.Ordinal)
            ? new WebFingerTarget.Local(name)
            : new WebFingerTarget.Elsewhere();
    }

    /// <summary>The JRD of a member or the hub (INTEROP §1.1): subject, aliases, self, profile page, remote interaction.</summary>
    internal static WebFingerDocument LocalActor(NodeOptions node, string username)
    {
        var actor = Links.Actor(node, username);
        var profile = Links.Profile(node, username);
        return new WebFingerDocument(
            $"acct:{username}@{node.PublicUri.Authority}",
            [profile, actor],
            [
                new WebFingerLink(WebFingerDocument.SelfRel, ActivityStreams.MediaType, actor),
                new WebFingerLink(WebFingerDocument.ProfilePageRel, "text/html", profile),
                new WebFingerLink(WebFingerDocument.SubscribeRel, null, null, $"{node.Origin}/authorize_interaction?uri={{uri}}"),
            ]);
    }

    /// <summary>The instance actor (FEP-2677): <c>/actor</c>, its page is the node's front page.</summary>
    internal static WebFingerDocument InstanceActor(NodeOptions node)
    {
        var actor = InstanceActorId(node);
        var profile = node.Origin + "/";
        return new WebFingerDocument(
            $"acct:{node.PublicUri.Host}@{node.PublicUri.Authority}",
            [profile, actor],
            [
                new WebFingerLink(WebFingerDocument.SelfRel, ActivityStreams.MediaType, actor),
                new WebFingerLink(WebFingerDocument.ProfilePageRel, "text/html", profile),
            ]);
    }

    internal static string InstanceActorId(NodeOptions node) => node.Origin + "/actor";

    internal static IResult HostMetaDocument(HttpContext http, IOptions<NodeOptions> node)
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        http.Response.Headers.CacheControl = WebFingerCacheControl;
        return Results.Text(HostMeta.Xml(node.Value.Origin), HostMeta.MediaType + "; charset=utf-8");
    }

    internal static IResult NodeInfoLinks(HttpContext http, IOptions<NodeOptions> node)
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        http.Response.Headers.CacheControl = NodeInfoCacheControl;
        return Results.Text(
            NodeInfoDocument.LinksJson(node.Value.Origin, InstanceActorId(node.Value)), "application/json; charset=utf-8");
    }

    internal static async Task<IResult> NodeInfoAsync(
        string version, HttpContext http, IMemberStore members, IOptions<NodeOptions> node, HubIdentity hub,
        TimeProvider time, CancellationToken ct)
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        if (version is not (NodeInfoDocument.Version20 or NodeInfoDocument.Version21))
        {
            return Problem(StatusCodes.Status404NotFound, "This node serves NodeInfo 2.0 and 2.1.");
        }

        // "Active" is signed in or joined within the window: the member table records the last sign-in, not the last
        // visit, so someone who stays signed in for months counts as inactive until they sign in again.
        var now = time.GetUtcNow();
        var activity = await members.CountActivityAsync(now.AddDays(-30), now.AddDays(-180), ct);
        var document = new NodeInfoDocument(
            "oursociety",
            SoftwareVersion,
            // Only "open" lets anyone in without a person deciding; "approval" and "invite" are not open registrations.
            OpenRegistrations: node.Value.RegistrationMode == RegistrationMode.Open,
            activity.Total,
            activity.ActiveMonth,
            activity.ActiveHalfyear,
            LocalPosts: 0)
        {
            // Feeds are not served yet, so no outbound services are claimed (INTEROP §1.3: list only what we serve).
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["nodeName"] = hub.Current.Name,
                ["nodeDescription"] = hub.Current.Description,
                ["locality"] = hub.Current.Locality,
                ["federationSpec"] = FederationSpec,
                // Read by other hubs' network directories (issue 14): the same texts, under plain names.
                ["description"] = hub.Current.Description,
            },
            MetadataLists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
            {
                ["topics"] = hub.Current.TopicList,
            },
        };
        http.Response.Headers.CacheControl = NodeInfoCacheControl;
        return Results.Text(document.ToJson(version), NodeInfoDocument.ContentType(version) + "; charset=utf-8");
    }

    /// <summary>The SemVer of this build: the informational version without its <c>+commit</c> build metadata.</summary>
    internal static string SoftwareVersion { get; } =
        typeof(DiscoveryEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] is { Length: > 0 } v ? v : "0.0.0";

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail, statusCode: status);
}
