using System.Text.Json;
using System.Text.Json.Nodes;
using OurSociety.ActivityPub.Discovery;
using OurSociety.Core.Hubs;
using OurSociety.Federation.Http;

namespace OurSociety.Federation.Hubs;

/// <summary>
/// Which software a remote host runs, from its NodeInfo (<c>/.well-known/nodeinfo</c>, then the 2.x document it links):
/// the hub sends the FEP-1b12 wrapped <c>Announce{Create}</c> only to hosts known to read it (INTEROP §4.4). Read
/// only by work items, never while a person waits, and kept a week in <c>instance_software</c>; a host that does not
/// answer is kept as not known (<c>''</c>) for as long, so it is not asked again at every announce.
/// </summary>
public sealed partial class InstanceSoftwareLookup(GuardedHttp http, IInstanceSoftwareStore store, TimeProvider time, ILogger<InstanceSoftwareLookup> logger)
{
    /// <summary>How long an answer is kept.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>At most this many hosts are asked by one work item: the rest are asked by later ones (bounded work).</summary>
    public const int HostsPerRun = 20;

    /// <summary>The software (lower case, <c>''</c> when not known) of each origin (<c>scheme://host[:port]</c>) asked.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SoftwareOfAsync(IReadOnlyCollection<Uri> origins, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(origins);
        var byHost = origins.GroupBy(o => o.Authority.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var known = (await store.FindAsync(byHost.Keys, ct)).ToDictionary(s => s.Host, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var asked = 0;
        foreach (var (host, origin) in byHost)
        {
            if (known.TryGetValue(host, out var cached) && now - cached.FetchedAt < Lifetime)
            {
                result[host] = cached.Software;
                continue;
            }

            if (asked++ >= HostsPerRun)
            {
                result[host] = cached?.Software ?? "";
                continue;
            }

            var software = await FetchAsync(origin, ct) ?? "";
            await store.PutAsync(new InstanceSoftware(host, software, now), ct);
            result[host] = software;
        }

        return result;
    }

    private async Task<string?> FetchAsync(Uri origin, CancellationToken ct)
    {
        try
        {
            if (await GetAsync(new Uri(origin, "/.well-known/nodeinfo"), ct) is not { } found)
            {
                return null;
            }

            if (NodeInfoDocument.DocumentLink(JsonNode.Parse(found), origin) is not { } href || await GetAsync(href, ct) is not { } body)
            {
                return null;
            }

            using var info = JsonDocument.Parse(body);
            return info.RootElement.ValueKind == JsonValueKind.Object && info.RootElement.TryGetProperty("software", out var software)
                && software.ValueKind == JsonValueKind.Object && Text(software, "name") is { Length: > 0 and <= 100 } name
                ? name.ToLowerInvariant()
                : null;
        }
        catch (Exception e) when (e is FederationHttpException or JsonException)
        {
            LogNotRead(origin.Authority, e.Message);
            return null;
        }
    }

    private async Task<byte[]?> GetAsync(Uri url, CancellationToken ct)
    {
        using var response = await http.SendAsync(url, hop =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, hop);
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            return request;
        }, ct);
        return response.Response.IsSuccessStatusCode ? await response.ReadBodyAsync() : null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(14281, LogLevel.Information, "The NodeInfo of {Host} could not be read: {Reason}")]
    private partial void LogNotRead(string host, string reason);
}
