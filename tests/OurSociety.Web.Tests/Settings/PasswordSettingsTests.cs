using System.Net;
using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Settings;

public sealed class PasswordSettingsTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Old = "correct horse battery";
    private const string New = "a much newer passphrase";

    private async Task<bool> PasswordWorksAsync(string username, string password) =>
        await node.Service<MemberService>().SignInAsync(username, password, "192.0.2.1", TestContext.Current.CancellationToken) is Outcome<SignedIn>.Ok;

    [Fact]
    public async Task ChangePassword_Valid_KeepsThisDeviceSignedInAndSignsOutOthers()
    {
        await node.CreateMemberAsync("pw_change", Old);
        using var here = await node.SignedInBrowserAsync("pw_change");
        using var elsewhere = await node.SignedInBrowserAsync("pw_change");
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/settings")).Status);

        var response = await here.SubmitAsync("/settings/password", "/settings/password", new Dictionary<string, string>
        {
            ["currentPassword"] = Old,
            ["newPassword"] = New,
            ["confirmPassword"] = New,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/settings/password?notice=password-changed", response.Headers.Location?.OriginalString);

        var (status, html) = await here.GetAsync("/settings/password?notice=password-changed");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Your password is changed.", html, StringComparison.Ordinal);

        var other = await elsewhere.Client.GetAsync("/settings", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.StartsWith("/signin", other.Headers.Location?.PathAndQuery, StringComparison.Ordinal);

        Assert.True(await PasswordWorksAsync("pw_change", New));
        Assert.False(await PasswordWorksAsync("pw_change", Old));
    }

    [Theory]
    [InlineData("wrong current password", New, New, "currentPassword", "Your current password is not right.")]
    [InlineData(Old, "short", "short", "newPassword", "at least 10 characters")]
    [InlineData(Old, New, "something else entirely", "confirmPassword", "The two new passwords are not the same.")]
    [InlineData("", New, New, "currentPassword", "Your current password is not right.")]
    public async Task ChangePassword_Invalid_Is400WithMessageAndPasswordUnchanged(
        string current, string replacement, string confirm, string field, string message)
    {
        var username = "pw_bad_" + field.ToLowerInvariant()[..4] + replacement.Length + confirm.Length + current.Length;
        await node.CreateMemberAsync(username, Old);
        using var browser = await node.SignedInBrowserAsync(username);
        var response = await browser.SubmitAsync("/settings/password", "/settings/password", new Dictionary<string, string>
        {
            ["currentPassword"] = current,
            ["newPassword"] = replacement,
            ["confirmPassword"] = confirm,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.BodyAsync();
        Assert.Contains($"id=\"{field}-error\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(New, html, StringComparison.Ordinal);   // passwords are never echoed back

        Assert.True(await PasswordWorksAsync(username, Old));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/settings")).Status);   // still signed in
    }
}
