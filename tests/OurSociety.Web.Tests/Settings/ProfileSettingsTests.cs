using System.Net;
using OurSociety.Core.Members;
using OurSociety.Testing;
using OurSociety.Web.Features.Settings;

namespace OurSociety.Web.Tests.Settings;

public sealed class ProfileSettingsTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private Task<Member?> FindAsync(string username) =>
        node.Service<IMemberStore>().FindByUsernameAsync(username, TestContext.Current.CancellationToken);

    private string AvatarDirectory => Path.Combine(node.DataDirectory, "uploads", OurSociety.Content.Avatars.Folder);

    private string[] AvatarFilesOf(Member member) =>
        member.AvatarPath is null ? [] : [.. Directory.GetFiles(AvatarDirectory, Path.GetFileName(member.AvatarPath))];

    [Fact]
    public async Task SaveProfile_Valid_SavesAndRedirectsWithNotice()
    {
        await node.CreateMemberAsync("prof_ok");
        using var browser = await node.SignedInBrowserAsync("prof_ok");
        var response = await browser.SubmitAsync("/settings/profile", "/settings/profile", new Dictionary<string, string>
        {
            ["displayName"] = "  Ada Lovelace ",
            ["bio"] = "I write notes about engines.",
            ["locality"] = "London",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/settings/profile?notice=profile-saved", response.Headers.Location?.OriginalString);
        var member = await FindAsync("prof_ok");
        Assert.Equal(("Ada Lovelace", "I write notes about engines.", "London"), (member!.DisplayName, member.Bio, member.Locality));

        var (_, html) = await browser.GetAsync("/settings/profile?notice=profile-saved");
        Assert.Contains("Your profile is saved.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Ada Lovelace\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveProfile_EmptyFields_ClearsBioAndUsesUsernameAsName()
    {
        await node.CreateMemberAsync("prof_clear");
        using var browser = await node.SignedInBrowserAsync("prof_clear");
        await browser.SubmitAsync("/settings/profile", "/settings/profile", new Dictionary<string, string>
        {
            ["displayName"] = "Someone",
            ["bio"] = "Words",
            ["locality"] = "Here",
        });
        var response = await browser.SubmitAsync("/settings/profile", "/settings/profile", new Dictionary<string, string>
        {
            ["displayName"] = "",
            ["bio"] = "",
            ["locality"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var member = await FindAsync("prof_clear");
        Assert.Equal(("prof_clear", "", ""), (member!.DisplayName, member.Bio, member.Locality));
    }

    [Theory]
    [InlineData("displayName")]
    [InlineData("bio")]
    [InlineData("locality")]
    public async Task SaveProfile_TooLong_Is400WithMessageAndNothingStored(string field)
    {
        var username = "prof_long_" + field.ToLowerInvariant();
        await node.CreateMemberAsync(username);
        using var browser = await node.SignedInBrowserAsync(username);
        var fields = new Dictionary<string, string> { ["displayName"] = "Fine", ["bio"] = "Fine", ["locality"] = "Fine" };
        fields[field] = new string('x', 501);
        var response = await browser.SubmitAsync("/settings/profile", "/settings/profile", fields);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.BodyAsync();
        Assert.Contains($"id=\"{field}-error\"", html, StringComparison.Ordinal);
        Assert.Contains("Please keep this under", html, StringComparison.Ordinal);
        Assert.Contains($"aria-describedby=\"{field}-hint {field}-error\"", html, StringComparison.Ordinal);
        var member = await FindAsync(username);
        Assert.Equal((username, "", ""), (member!.DisplayName, member.Bio, member.Locality));
    }

    [Theory]
    [InlineData("png", ".png")]
    [InlineData("jpeg", ".jpg")]
    [InlineData("gif", ".gif")]
    [InlineData("webp", ".webp")]
    public async Task Avatar_EachPictureType_IsStoredUnderItsRealExtension(string type, string extension)
    {
        var username = "avatar_" + type;
        await node.CreateMemberAsync(username);
        using var browser = await node.SignedInBrowserAsync(username);
        // The name and Content-Type lie; only the bytes count.
        var response = await browser.UploadAvatarAsync(TestForms.Picture(type), "holiday.txt", "text/plain");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/settings/profile?notice=avatar-saved", response.Headers.Location?.OriginalString);
        var member = await FindAsync(username);
        Assert.NotNull(member!.AvatarPath);
        Assert.StartsWith("avatars/", member.AvatarPath, StringComparison.Ordinal);
        Assert.EndsWith(extension, member.AvatarPath, StringComparison.Ordinal);
        Assert.True(Guid.TryParse(Path.GetFileNameWithoutExtension(member.AvatarPath), out var id) && id.Version == 7);
        Assert.Equal(TestForms.Picture(type), File.ReadAllBytes(Path.Combine(node.DataDirectory, "uploads", member.AvatarPath)));

        var (_, html) = await browser.GetAsync("/settings/profile?notice=avatar-saved");
        Assert.Contains($"src=\"/media/{member.AvatarPath}\"", html, StringComparison.Ordinal);
        Assert.Contains("Your new picture is saved.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Avatar_Replaced_OldFileIsRemoved()
    {
        await node.CreateMemberAsync("avatar_replace");
        using var browser = await node.SignedInBrowserAsync("avatar_replace");
        await browser.UploadAvatarAsync(TestForms.Picture("png"));
        var first = (await FindAsync("avatar_replace"))!;
        Assert.Single(AvatarFilesOf(first));

        var response = await browser.UploadAvatarAsync(TestForms.Picture("gif"), "new.gif", "image/gif");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var second = (await FindAsync("avatar_replace"))!;
        Assert.NotEqual(first.AvatarPath, second.AvatarPath);
        Assert.Empty(AvatarFilesOf(first));
        Assert.Single(AvatarFilesOf(second));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("svg")]
    [InlineData("short")]
    public async Task Avatar_NotAPicture_Is400AndNothingStored(string kind)
    {
        var username = "avatar_bad_" + kind;
        await node.CreateMemberAsync(username);
        using var browser = await node.SignedInBrowserAsync(username);
        var bytes = kind switch
        {
            "text" => "hello, I am not a picture"u8.ToArray(),
            "svg" => "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray(),
            _ => [0x89, 0x50],
        };
        var before = Directory.Exists(AvatarDirectory) ? Directory.GetFiles(AvatarDirectory).Length : 0;
        var response = await browser.UploadAvatarAsync(bytes, "me.png", "image/png");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a picture we can use", await response.BodyAsync(), StringComparison.Ordinal);
        Assert.Null((await FindAsync(username))!.AvatarPath);
        Assert.Equal(before, Directory.Exists(AvatarDirectory) ? Directory.GetFiles(AvatarDirectory).Length : 0);
    }

    [Fact]
    public async Task Avatar_NoFile_Is400()
    {
        await node.CreateMemberAsync("avatar_none");
        using var browser = await node.SignedInBrowserAsync("avatar_none");
        var response = await browser.UploadAvatarAsync([], "empty.png");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Choose a picture to upload.", await response.BodyAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AvatarFiles.MaxBytes + 1)]             // read, then refused by the file's size
    [InlineData(AvatarFiles.MaxRequestBytes + 4096)]   // refused by Content-Length before reading
    public async Task Avatar_Oversize_Is413WithMessageAndNothingStored(long size)
    {
        var username = "avatar_big_" + (size > AvatarFiles.MaxRequestBytes ? "request" : "file");
        await node.CreateMemberAsync(username);
        using var browser = await node.SignedInBrowserAsync(username);
        var before = Directory.Exists(AvatarDirectory) ? Directory.GetFiles(AvatarDirectory).Length : 0;
        var response = await browser.UploadAvatarAsync(TestForms.Picture("png", (int)size));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("That picture is too large", await response.BodyAsync(), StringComparison.Ordinal);
        Assert.Null((await FindAsync(username))!.AvatarPath);
        Assert.Equal(before, Directory.Exists(AvatarDirectory) ? Directory.GetFiles(AvatarDirectory).Length : 0);
    }

    [Fact]
    public async Task Avatar_ExactlyTheLimit_IsAccepted()
    {
        await node.CreateMemberAsync("avatar_limit");
        using var browser = await node.SignedInBrowserAsync("avatar_limit");
        var response = await browser.UploadAvatarAsync(TestForms.Picture("jpeg", (int)AvatarFiles.MaxBytes), "big.jpg", "image/jpeg");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Avatar_WithoutAntiforgeryToken_Is400AndNothingStored()
    {
        await node.CreateMemberAsync("avatar_forged");
        using var browser = await node.SignedInBrowserAsync("avatar_forged");
        var response = await browser.UploadAvatarAsync(TestForms.Picture("png"), withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null((await FindAsync("avatar_forged"))!.AvatarPath);
    }

    [Fact]
    public async Task Avatar_Remove_ClearsItAndDeletesTheFile()
    {
        await node.CreateMemberAsync("avatar_remove");
        using var browser = await node.SignedInBrowserAsync("avatar_remove");
        await browser.UploadAvatarAsync(TestForms.Picture("webp"));
        var before = (await FindAsync("avatar_remove"))!;
        Assert.Single(AvatarFilesOf(before));

        var response = await browser.SubmitAsync("/settings/profile", "/settings/profile/avatar/remove", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/settings/profile?notice=avatar-removed", response.Headers.Location?.OriginalString);
        Assert.Null((await FindAsync("avatar_remove"))!.AvatarPath);
        Assert.Empty(AvatarFilesOf(before));
        var (_, html) = await browser.GetAsync("/settings/profile");
        Assert.Null(Browserless.FormWithAction(html, "/settings/profile/avatar/remove"));
    }
}
