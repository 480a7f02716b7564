using OurSociety.Core;
using OurSociety.Core.Hubs;
using OurSociety.Core.Invitations;
using OurSociety.Core.Members;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Accounts;

/// <summary>Rules found in review; each test failed before its fix.</summary>
public sealed class AccountRuleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_ManyWrongPasswordsAtOnce_AllCountAndLockTheAccount()
    {
        await using var node = new NodeFactory();
        await node.CreateMemberAsync("parallel_target", "the right password");
        var members = node.Service<MemberService>();

        // Read-then-write counting let parallel guesses overwrite each other's count and never lock.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => members.SignInAsync("parallel_target", "a wrong guess", "192.0.2.1", Ct)));

        Assert.IsType<Outcome<SignedIn>.Forbidden>(await members.SignInAsync("parallel_target", "the right password", "192.0.2.1", Ct));
    }

    [Fact]
    public async Task SignUp_ClosedHub_MemberInvitationNoLongerWorks_AdminInvitationDoes()
    {
        await using var node = new NodeFactory().With("OurSociety:Registrations", "closed");
        var member = await node.CreateMemberAsync("closed_member");
        var admin = await node.CreateMemberAsync("closed_admin", roles: [Role.Admin]);
        var store = node.Service<IInvitationStore>();
        var now = node.Time.GetUtcNow();
        // Made while the hub was still open to member invitations.
        await store.AddAsync(new Invitation(Guid.CreateVersion7(now), "from-a-member", member.Id, 5, 0, null, null, now), Ct);
        await store.AddAsync(new Invitation(Guid.CreateVersion7(now), "from-an-admin", admin.Id, 5, 0, null, null, now), Ct);
        var members = node.Service<MemberService>();

        var refused = await members.RegisterAsync(new SignUp("closed_newcomer_1", "a long enough password", null, "from-a-member", null), Ct);
        var welcomed = await members.RegisterAsync(new SignUp("closed_newcomer_2", "a long enough password", null, "from-an-admin", null), Ct);

        Assert.True(refused is Outcome<SignedIn>.Invalid { Errors: var errors } && errors.ContainsKey("invite"), refused.ToString());
        Assert.Null(await node.Service<IMemberStore>().FindByUsernameAsync("closed_newcomer_1", Ct));
        Assert.IsType<Outcome<SignedIn>.Ok>(welcomed);
        Assert.Equal(RegistrationMode.Closed, node.Service<NodePolicy>().Registrations);
    }

    [Fact]
    public async Task SetRoles_WithoutMember_StillKeepsMember()
    {
        await using var node = new NodeFactory();
        var someone = await node.CreateMemberAsync("roles_kept");

        var outcome = await node.Service<MemberService>().SetRolesAsync(someone.Id, new HashSet<Role> { Role.Moderator }, Ct);

        var updated = Assert.IsType<Outcome<Member>.Ok>(outcome).Value;
        Assert.Equal(new HashSet<Role> { Role.Moderator, Role.Member }, updated.Roles.ToHashSet());
    }

    [Fact]
    public async Task Create_NameWithCapitals_IsKeptInLowerCase()
    {
        await using var node = new NodeFactory();

        var member = await node.CreateMemberAsync("Rosa_Parks");

        Assert.Equal("rosa_parks", member.Username);
        Assert.Equal("rosa_parks", (await node.Service<IMemberStore>().FindByUsernameAsync("ROSA_PARKS", Ct))?.Username);
    }
}
