using OurSociety.ActivityPub.Signatures;

namespace OurSociety.Web.Features.Federation;

/// <summary>An ASP.NET request as the signature verifier sees it.</summary>
internal static class IncomingRequests
{
    /// <summary>Its URL is rebuilt on the public origin, not Kestrel's own address: that is what the sender signed.</summary>
    public static IncomingRequest Describe(HttpRequest request, string origin, ReadOnlyMemory<byte> body) => new()
    {
        Method = request.Method,
        TargetUri = new Uri(origin + request.Path.ToUriComponent() + request.QueryString.ToUriComponent()),
        Header = name => request.Headers.TryGetValue(name, out var values) ? (values.Count == 1 ? values[0] : string.Join(", ", values.ToArray())) : null,
        Body = body,
    };
}
