using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OurSociety.ActivityPub.Signatures;

namespace OurSociety.ActivityPub.Tests.Signatures;

/// <summary>Loads vector files and turns raw requests (or our own signed HttpRequestMessages) into IncomingRequests.</summary>
internal static class SignatureTestKit
{
    private static readonly Lazy<RSA> SharedKey = new(() => RSA.Create(2048));

    public static RSA Key => SharedKey.Value;

    public static JsonElement LoadVector(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Signatures", "Vectors", name))).RootElement;

    /// <summary>A request made of raw header lines; several lines of one name are joined with ", " as the host does.</summary>
    public static IncomingRequest Request(string method, string url, IEnumerable<(string Name, string Value)> headers, byte[]? body = null)
    {
        var list = headers.ToList();
        return new IncomingRequest
        {
            Method = method,
            TargetUri = new Uri(url),
            Header = name =>
            {
                var values = list.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
                return values.Count == 0 ? null : string.Join(", ", values);
            },
            Body = body ?? [],
        };
    }

    public static List<(string Name, string Value)> Headers(JsonElement array) =>
        [.. array.EnumerateArray().Select(h => (h[0].GetString()!, h[1].GetString()!))];

    /// <summary>What the server would see for a message we signed: every request and content header, as sent.</summary>
    public static IncomingRequest FromMessage(HttpRequestMessage message, byte[] body)
    {
        var headers = message.Headers.Select(h => (h.Key, string.Join(", ", h.Value))).ToList();
        if (message.Content is not null)
        {
            headers.AddRange(message.Content.Headers.Select(h => (h.Key, string.Join(", ", h.Value))));
        }

        // HttpClient always sends Host; a signer that did not set it still gets it on the wire.
        if (message.Headers.Host is null)
        {
            headers.Add(("Host", message.RequestUri!.Authority));
        }

        return Request(message.Method.Method, message.RequestUri!.ToString(), headers, body);
    }

    public static IEnumerable<(string Name, string Value)> With(this IEnumerable<(string Name, string Value)> headers, string name, string? value)
    {
        var rest = headers.Where(h => !string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
        return value is null ? rest : rest.Append((name, value));
    }

    public static HttpRequestMessage Post(string url, byte[] body)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/activity+json");
        return message;
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
