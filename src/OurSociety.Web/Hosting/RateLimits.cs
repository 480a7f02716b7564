namespace OurSociety.Web.Hosting;

internal static class RateLimits
{
    /// <summary>Sign-in, sign-up and first-admin setup: guessing passwords must be slow.</summary>
    public const string SignIn = "sign-in";

    /// <summary>Per client address; behind a proxy this is the forwarded address (only from configured proxies).</summary>
    public static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
