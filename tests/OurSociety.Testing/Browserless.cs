using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OurSociety.Testing;

/// <summary>
/// A person with JavaScript off, in code: keeps cookies, reads a page, fills in its form (antiforgery token
/// included, as the browser would send it) and posts it. Redirects are not followed, so tests see them.
/// </summary>
public sealed partial class Browserless(NodeFactory node) : IDisposable
{
    /// <summary>The hidden field <c>&lt;AntiforgeryToken /&gt;</c> renders.</summary>
    public const string AntiforgeryField = "__RequestVerificationToken";

    public HttpClient Client { get; } = node.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string url)
    {
        var response = await Client.GetAsync(url, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// Loads <paramref name="pageUrl"/>, takes the form whose action is <paramref name="action"/>, and posts it with
    /// its hidden fields plus <paramref name="fields"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pageUrl, string action, IDictionary<string, string> fields)
    {
        var (status, html) = await GetAsync(pageUrl);
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {pageUrl} answered {(int)status}");
        }

        var form = FormWithAction(html, action) ?? throw new InvalidOperationException($"No form posting to {action} on {pageUrl}");
        var values = HiddenInputs().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }

        using var content = new FormUrlEncodedContent(values);
        return await Client.PostAsync(WebUtility.HtmlDecode(action), content, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Posts <paramref name="fields"/> to <paramref name="action"/> with a valid antiforgery token taken from any form on
    /// <paramref name="tokenPage"/>: for posts no page offers a form for (a stale link, a hand-made request).
    /// </summary>
    public async Task<HttpResponseMessage> PostWithTokenAsync(string action, IDictionary<string, string> fields, string tokenPage = "/signin")
    {
        var (_, html) = await GetAsync(tokenPage);
        var token = HiddenInputs().Matches(html).FirstOrDefault(m => m.Groups["name"].Value == AntiforgeryField)
            ?? throw new InvalidOperationException($"No antiforgery token on {tokenPage}");
        var values = new Dictionary<string, string>(fields) { [AntiforgeryField] = WebUtility.HtmlDecode(token.Groups["value"].Value) };
        using var content = new FormUrlEncodedContent(values);
        return await Client.PostAsync(action, content, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts fields with no antiforgery token, as a forged cross-site form would.</summary>
    public async Task<HttpResponseMessage> PostWithoutTokenAsync(string action, IDictionary<string, string> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await Client.PostAsync(action, content, TestContext.Current.CancellationToken);
    }

    public static string? FormWithAction(string html, string action)
    {
        foreach (Match match in Forms().Matches(html))
        {
            if (WebUtility.HtmlDecode(match.Groups["action"].Value) == action)
            {
                return match.Value;
            }
        }

        return null;
    }

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("""<form[^>]*action="(?<action>[^"]*)"[^>]*>.*?</form>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Forms();

    [GeneratedRegex("""<input[^>]*type="hidden"[^>]*name="(?<name>[^"]*)"[^>]*value="(?<value>[^"]*)"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInputs();
}
