using System.Net;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Accounts;

/// <summary>The account forms, filled in the way a person would.</summary>
internal static class Forms
{
    public const string Password = "correct horse battery";

    public static Task<HttpResponseMessage> SignInAsync(this Browserless browser, string username, string password = Password, string page = "/signin") =>
        browser.SubmitAsync(page, "/signin", new Dictionary<string, string> { ["username"] = username, ["password"] = password });

    public static Task<HttpResponseMessage> SignUpAsync(
        this Browserless browser, string username, string page = "/signup", string password = Password, string? confirm = null,
        string displayName = "", string? reason = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["username"] = username,
            ["displayName"] = displayName,
            ["password"] = password,
            ["confirmPassword"] = confirm ?? password,
        };
        if (reason is not null)
        {
            fields["reason"] = reason;
        }

        return browser.SubmitAsync(page, "/signup", fields);
    }

    public static async Task<string> HtmlAsync(this HttpResponseMessage response) =>
        await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

    public static void AssertRedirect(this HttpResponseMessage response, string location)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    /// <summary>Whether the page shows the signed-in header (a sign-out button).</summary>
    public static bool ShowsSignedIn(string html) => Browserless.FormWithAction(html, "/signout") is not null;
}
