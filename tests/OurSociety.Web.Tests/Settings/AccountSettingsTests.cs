using System.Net;
using System.Text.Json;
using OurSociety.Core;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Core.Posts;
using OurSociety.Core.Tokens;
using OurSociety.Testing;
using OurSociety.Web.Features.Settings;

namespace OurSociety.Web.Tests.Settings;

public sealed class AccountSettingsTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Password = "correct horse battery";

    private async Task<string> CreateTokenAsync(Member member, string name) =>
        await node.Service<ApiTokenService>().CreateAsync(member.Id, name, TestContext.Current.CancellationToken)
            is Outcome<(ApiToken Token, string Secret)>.Ok(var (_, secret)) ? secret : throw new InvalidOperationException();

    [Fact]
    public async Task Export_SignedIn_DownloadsJsonWithTheirDataAndNoSecrets()
    {
        var member = await node.CreateMemberAsync("exp_me", Password, Role.Member, Role.GlueEr);
        var ct = TestContext.Current.CancellationToken;
        await node.Service<MemberService>().UpdateProfileAsync(member.Id, "Grace", "Likes <b>bold</b> ideas", "Arlington", ct);
        var secret = await CreateTokenAsync(member, "backup script");
        var invitation = await node.Service<InvitationService>().CreateAsync(member.Id, 2, TimeSpan.FromDays(3), ct) is Outcome<Invitation>.Ok(var i)
            ? i : throw new InvalidOperationException();
        using var browser = await node.SignedInBrowserAsync("exp_me");
        await browser.UploadAvatarAsync(TestForms.Picture("png"));
        var posts = node.Service<PostService>();
        await posts.CreateStoryAsync(member.Id, new StoryInput("Half a story", null, null, null, null, null, null, Draft: true, null), ct);
        await posts.CreateLessonAsync(member.Id, new LessonInput("Ask first", null, null, null, "People help.", null, ["help"], null, null, null, null, Draft: false), ct);

        var response = await browser.Client.GetAsync("/settings/export", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".json", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        var json = await response.BodyAsync();
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("exp_me", root.GetProperty("username").GetString());
        Assert.Equal("Grace", root.GetProperty("displayName").GetString());
        Assert.Equal("Likes <b>bold</b> ideas", root.GetProperty("bio").GetString());
        Assert.Equal("Arlington", root.GetProperty("locality").GetString());
        Assert.StartsWith($"{node.PublicUrl}/media/avatars/", root.GetProperty("avatarUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal(["member", "glue-er"], root.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(member.CreatedAt, root.GetProperty("joinedAt").GetDateTimeOffset());
        var exportedInvitation = Assert.Single(root.GetProperty("invitations").EnumerateArray());
        Assert.Equal($"{node.PublicUrl}/invite/{invitation.Code}", exportedInvitation.GetProperty("link").GetString());
        Assert.Equal("usable", exportedInvitation.GetProperty("state").GetString());
        var exportedToken = Assert.Single(root.GetProperty("apiTokens").EnumerateArray());
        Assert.Equal("backup script", exportedToken.GetProperty("name").GetString());
        var exportedPosts = root.GetProperty("posts").EnumerateArray().ToList();
        Assert.Equal(["Half a story", "Ask first"], exportedPosts.Select(p => p.GetProperty("title").GetString()));
        Assert.True(exportedPosts[0].GetProperty("draft").GetBoolean());
        Assert.Equal("People help.", exportedPosts[1].GetProperty("learned").GetString());

        var credentials = await node.Service<IMemberStore>().FindCredentialsAsync(member.Id, ct);
        Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
        Assert.DoesNotContain(Secrets.Hash(secret), json, StringComparison.Ordinal);
        Assert.DoesNotContain(credentials!.PasswordHash, json, StringComparison.Ordinal);
        Assert.DoesNotContain(credentials.SecurityStamp, json, StringComparison.Ordinal);
        Assert.DoesNotContain("password", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hash", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Delete_CorrectPassword_RemovesMemberTokensAvatarAndSignsOut()
    {
        var member = await node.CreateMemberAsync("del_me", Password);
        var secret = await CreateTokenAsync(member, "phone");
        using var browser = await node.SignedInBrowserAsync("del_me");
        await browser.UploadAvatarAsync(TestForms.Picture("gif"));
        var avatar = (await node.Service<IMemberStore>().FindAsync(member.Id, TestContext.Current.CancellationToken))!.AvatarPath!;
        var avatarFile = Path.Combine(node.DataDirectory, "uploads", avatar);
        Assert.True(File.Exists(avatarFile));

        var response = await browser.SubmitAsync("/settings/account", "/settings/account/delete", new Dictionary<string, string> { ["password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/?notice=account-deleted", response.Headers.Location?.OriginalString);

        Assert.Null(await node.Service<IMemberStore>().FindAsync(member.Id, TestContext.Current.CancellationToken));
        Assert.Null(await node.Service<ApiTokenService>().AuthenticateAsync(secret, TestContext.Current.CancellationToken));
        Assert.False(File.Exists(avatarFile));
        var (_, home) = await browser.GetAsync("/?notice=account-deleted");
        Assert.Contains("Your account and its data are deleted.", home, StringComparison.Ordinal);
        var settings = await browser.Client.GetAsync("/settings", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, settings.StatusCode);
        Assert.StartsWith("/signin", settings.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not my password")]
    [InlineData("")]
    public async Task Delete_WrongPassword_Is400AndKept(string password)
    {
        var username = "del_wrong_" + password.Length;
        var member = await node.CreateMemberAsync(username, Password);
        var secret = await CreateTokenAsync(member, "kept");
        using var browser = await node.SignedInBrowserAsync(username);
        var response = await browser.SubmitAsync("/settings/account", "/settings/account/delete", new Dictionary<string, string> { ["password"] = password });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.BodyAsync();
        Assert.Contains("id=\"password-error\"", html, StringComparison.Ordinal);
        Assert.Contains("Your password is not right.", html, StringComparison.Ordinal);
        Assert.NotNull(await node.Service<IMemberStore>().FindAsync(member.Id, TestContext.Current.CancellationToken));
        Assert.NotNull(await node.Service<ApiTokenService>().AuthenticateAsync(secret, TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/settings")).Status);
    }
}
