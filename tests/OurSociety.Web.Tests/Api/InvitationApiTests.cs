using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Api;

public sealed class InvitationApiTests(NodeFactory node) : IClassFixture<NodeFactory>
{
    private const string Invitations = ApiTestKit.Prefix + "/invitations";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_NoOptions_Is201WithAOneUseWeekLongLink()
    {
        using var user = await node.ApiUserAsync("inv_default");

        var invitation = await (await user.Client.PostAsJsonAsync(Invitations, new { }, Ct)).JsonAsync(HttpStatusCode.Created);

        var code = invitation.GetProperty("code").GetString()!;
        Assert.False(string.IsNullOrEmpty(code));
        Assert.Equal($"{node.PublicUrl}/invite/{code}", invitation.GetProperty("url").GetString());
        Assert.Equal(1, invitation.GetProperty("maxUses").GetInt32());
        Assert.Equal(0, invitation.GetProperty("uses").GetInt32());
        Assert.Equal("usable", invitation.GetProperty("state").GetString());
        var createdAt = invitation.GetProperty("createdAt").GetDateTimeOffset();
        Assert.Equal(createdAt + InvitationService.DefaultLifetime, invitation.GetProperty("expiresAt").GetDateTimeOffset());
        var stored = await node.Service<IInvitationStore>().FindAsync(invitation.GetProperty("id").GetGuid(), Ct);
        Assert.Equal((code, user.Member.Id), (stored!.Code, stored.CreatedBy));
    }

    [Fact]
    public async Task Create_WithOptions_UsesThem()
    {
        using var user = await node.ApiUserAsync("inv_options");

        var invitation = await (await user.Client.PostAsJsonAsync(Invitations, new { maxUses = 5, expiresInDays = 30 }, Ct))
            .JsonAsync(HttpStatusCode.Created);

        Assert.Equal(5, invitation.GetProperty("maxUses").GetInt32());
        Assert.Equal(
            invitation.GetProperty("createdAt").GetDateTimeOffset().AddDays(30),
            invitation.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("inv_nobody_none", null, HttpStatusCode.BadRequest)]
    [InlineData("inv_nobody_form", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("inv_nobody_json", "application/json", HttpStatusCode.BadRequest)]
    public async Task Create_EmptyBody_IsRefusedAndNothingStored(string username, string? contentType, HttpStatusCode status)
    {
        // What a cross-site form could send with a sign-in cookie must not create anything.
        using var user = await node.ApiUserAsync(username);
        using var content = new ByteArrayContent([]);
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        await (await user.Client.PostAsync(Invitations, content, Ct)).ProblemAsync(status);

        Assert.Empty((await node.Service<InvitationService>().ListAsync(user.Member.Id, OurSociety.Core.Paging.Cursor.Start, 10, Ct)).Items);
    }

    [Theory]
    [InlineData(0, 7, "maxUses")]
    [InlineData(101, 7, "maxUses")]
    [InlineData(1, 0, "expiresInDays")]
    [InlineData(1, 91, "expiresInDays")]
    [InlineData(-1, -1, "maxUses", "expiresInDays")]
    public async Task Create_OutOfRange_Is400NamingEachFieldAndNothingStored(int maxUses, int expiresInDays, params string[] fields)
    {
        using var user = await node.ApiUserAsync($"inv_bad_{maxUses + 1}_{expiresInDays + 1}");

        var response = await user.Client.PostAsJsonAsync(Invitations, new { maxUses, expiresInDays }, Ct);

        await response.ValidationProblemAsync(fields);
        Assert.Empty((await node.Service<InvitationService>().ListAsync(user.Member.Id, OurSociety.Core.Paging.Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task Create_MalformedJson_Is400ProblemAndNothingStored()
    {
        using var user = await node.ApiUserAsync("inv_malformed");

        var response = await user.Client.SendRawAsync(HttpMethod.Post, Invitations, "{maxUses: 2", "application/json");

        await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty((await node.Service<InvitationService>().ListAsync(user.Member.Id, OurSociety.Core.Paging.Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task Create_NotJson_Is415Problem()
    {
        using var user = await node.ApiUserAsync("inv_text");

        var response = await user.Client.SendRawAsync(HttpMethod.Post, Invitations, "maxUses=2", "text/plain");

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task List_ShowsOnlyOwnInvitationsNewestFirst()
    {
        using var alice = await node.ApiUserAsync("inv_list_alice");
        using var bob = await node.ApiUserAsync("inv_list_bob");
        var made = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            made.Add((await (await alice.Client.PostAsJsonAsync(Invitations, new { maxUses = i + 1 }, Ct)).JsonAsync(HttpStatusCode.Created))
                .GetProperty("id").GetGuid());
        }

        await bob.Client.PostAsJsonAsync(Invitations, new { }, Ct);

        var page = await (await alice.Client.GetAsync(Invitations, Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(Enumerable.Reverse(made), page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task List_WalkingPages_ReturnsEveryInvitationOnce()
    {
        using var user = await node.ApiUserAsync("inv_pages");
        var made = new HashSet<Guid>();
        for (var i = 0; i < 7; i++)
        {
            made.Add((await (await user.Client.PostAsJsonAsync(Invitations, new { }, Ct)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        }

        var pages = await user.Client.WalkAsync(Invitations, limit: 3);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
        var seen = pages.SelectMany(p => p).Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(made.SetEquals(seen));
    }

    [Theory]
    [InlineData("inv_q1", "limit=0", "limit")]
    [InlineData("inv_q2", "limit=abc", "limit")]
    [InlineData("inv_q3", "cursor=%25%25", "cursor")]
    [InlineData("inv_q4", "limit=500&cursor=bm9wZQ", "limit", "cursor")]
    public async Task List_BadPaging_Is400NamingTheField(string username, string query, params string[] fields)
    {
        using var user = await node.ApiUserAsync(username);

        await (await user.Client.GetAsync($"{Invitations}?{query}", Ct)).ValidationProblemAsync(fields);
    }

    [Fact]
    public async Task Delete_Own_Is204AndTheLinkStopsWorking()
    {
        using var user = await node.ApiUserAsync("inv_delete");
        var invitation = await (await user.Client.PostAsJsonAsync(Invitations, new { }, Ct)).JsonAsync(HttpStatusCode.Created);
        var id = invitation.GetProperty("id").GetGuid();

        var response = await user.Client.DeleteAsync($"{Invitations}/{id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(await node.Service<InvitationService>().FindUsableAsync(invitation.GetProperty("code").GetString(), Ct));
        var listed = (await (await user.Client.GetAsync(Invitations, Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items")[0];
        Assert.Equal("withdrawn", listed.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Delete_AnotherMembersInvitation_Is404AndItStillWorks()
    {
        using var alice = await node.ApiUserAsync("inv_owner");
        using var mallory = await node.ApiUserAsync("inv_mallory");
        var invitation = await (await alice.Client.PostAsJsonAsync(Invitations, new { }, Ct)).JsonAsync(HttpStatusCode.Created);

        var response = await mallory.Client.DeleteAsync($"{Invitations}/{invitation.GetProperty("id").GetGuid()}", Ct);

        await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.NotNull(await node.Service<InvitationService>().FindUsableAsync(invitation.GetProperty("code").GetString(), Ct));
    }

    [Fact]
    public async Task Delete_Unknown_Is404Problem()
    {
        using var user = await node.ApiUserAsync("inv_unknown");

        await (await user.Client.DeleteAsync($"{Invitations}/{Guid.CreateVersion7()}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await user.Client.DeleteAsync($"{Invitations}/not-a-guid", Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_UsedUpAndExpired_ShowTheirState()
    {
        using var user = await node.ApiUserAsync("inv_states");
        var shortLived = await (await user.Client.PostAsJsonAsync(Invitations, new { expiresInDays = 1 }, Ct)).JsonAsync(HttpStatusCode.Created);
        var oneUse = await (await user.Client.PostAsJsonAsync(Invitations, new { maxUses = 1, expiresInDays = 90 }, Ct)).JsonAsync(HttpStatusCode.Created);
        var joined = await node.Service<IMemberStore>().TryAddWithInvitationAsync(
            new Member(Guid.CreateVersion7(), "inv_joiner", "inv_joiner", "", "", null, new HashSet<Role> { Role.Member }, MemberState.Active,
                null, node.Time.GetUtcNow(), node.Time.GetUtcNow()),
            "hash", "stamp", oneUse.GetProperty("id").GetGuid(), node.Time.GetUtcNow(), Ct);
        Assert.Equal(AddMemberResult.Added, joined);

        node.Time.Advance(TimeSpan.FromDays(2));
        var items = (await (await user.Client.GetAsync(Invitations, Ct)).JsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetGuid(), i => (State: i.GetProperty("state").GetString(), Uses: i.GetProperty("uses").GetInt32()));

        Assert.Equal(("expired", 0), items[shortLived.GetProperty("id").GetGuid()]);
        Assert.Equal(("used-up", 1), items[oneUse.GetProperty("id").GetGuid()]);
    }
}

public sealed class ClosedHubInvitationApiTests(ClosedHubNode node) : IClassFixture<ClosedHubNode>
{
    private const string Invitations = ApiTestKit.Prefix + "/invitations";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_MemberWhileRegistrationsClosed_Is403ProblemAndNothingStored()
    {
        using var user = await node.ApiUserAsync("closed_member");

        var problem = await (await user.Client.PostAsJsonAsync(Invitations, new { }, Ct)).ProblemAsync(HttpStatusCode.Forbidden);

        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.Empty((await node.Service<InvitationService>().ListAsync(user.Member.Id, OurSociety.Core.Paging.Cursor.Start, 10, Ct)).Items);
    }

    [Fact]
    public async Task Create_BadInputWhileRegistrationsClosed_Is400FromTheRequestValidationFirst()
    {
        // The domain would answer 403; a 400 shows AddValidation checked the request record before the handler ran.
        using var user = await node.ApiUserAsync("closed_bad_input");

        await (await user.Client.PostAsJsonAsync(Invitations, new { maxUses = 0 }, Ct)).ValidationProblemAsync("maxUses");
    }

    [Fact]
    public async Task Create_AdminWhileRegistrationsClosed_Is201()
    {
        using var admin = await node.ApiUserAsync("closed_admin", Role.Admin);

        await (await admin.Client.PostAsJsonAsync(Invitations, new { }, Ct)).JsonAsync(HttpStatusCode.Created);
    }
}
