using OurSociety.Core;
using OurSociety.Core.Members;
using OurSociety.Testing;

namespace OurSociety.Web.Tests.Accounts;

/// <summary>Wrong passwords lock the account for the address they came from, not for the member everywhere.</summary>
public sealed class SignInLockTests(RoomyNode node) : IClassFixture<RoomyNode>
{
    private const string Password = "correct horse battery";
    private const string Stranger = "198.51.100.7";
    private const string Member = "203.0.113.20";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task StrangerGuessesAsync(string username, string from)
    {
        var members = node.Service<MemberService>();
        for (var i = 0; i < MemberService.MaxFailedSignIns; i++)
        {
            Assert.IsType<Outcome<SignedIn>.Invalid>(await members.SignInAsync(username, "a stranger's guess " + i, from, Ct));
        }
    }

    [Fact]
    public async Task FiveWrongPasswordsFromX_MemberStillSignsInFromY()
    {
        await node.CreateMemberAsync("lock_elsewhere", Password);
        await StrangerGuessesAsync("lock_elsewhere", Stranger);

        var members = node.Service<MemberService>();
        Assert.IsType<Outcome<SignedIn>.Ok>(await members.SignInAsync("lock_elsewhere", Password, Member, Ct));
        // Signing in from Y forgets nothing about X: the stranger's address stays locked.
        Assert.IsType<Outcome<SignedIn>.Forbidden>(await members.SignInAsync("lock_elsewhere", Password, Stranger, Ct));
    }

    [Fact]
    public async Task FiveWrongPasswordsFromX_XIsLockedForTheWholePeriodThenFree()
    {
        await node.CreateMemberAsync("lock_period", Password);
        await StrangerGuessesAsync("lock_period", Stranger);
        var members = node.Service<MemberService>();

        var paused = Assert.IsType<Outcome<SignedIn>.Forbidden>(await members.SignInAsync("lock_period", Password, Stranger, Ct));
        Assert.Contains("paused for 15 more minutes", paused.Reason, StringComparison.Ordinal);
        node.Time.Advance(MemberService.LockoutDuration - TimeSpan.FromSeconds(1));
        Assert.IsType<Outcome<SignedIn>.Forbidden>(await members.SignInAsync("lock_period", Password, Stranger, Ct));

        node.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.IsType<Outcome<SignedIn>.Ok>(await members.SignInAsync("lock_period", Password, Stranger, Ct));
    }

    [Fact]
    public async Task WrongPasswordsOnOneAccount_DoNotLockAnotherFromTheSameAddress()
    {
        await node.CreateMemberAsync("lock_target", Password);
        await node.CreateMemberAsync("lock_neighbour", Password);
        await StrangerGuessesAsync("lock_target", Stranger);

        Assert.IsType<Outcome<SignedIn>.Ok>(await node.Service<MemberService>().SignInAsync("lock_neighbour", Password, Stranger, Ct));
    }

    [Fact]
    public async Task FourWrongThenRight_CountStartsAgain()
    {
        await node.CreateMemberAsync("lock_forgiven", Password);
        var members = node.Service<MemberService>();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < MemberService.MaxFailedSignIns - 1; i++)
            {
                await members.SignInAsync("lock_forgiven", "typo " + i, Member, Ct);
            }

            Assert.IsType<Outcome<SignedIn>.Ok>(await members.SignInAsync("lock_forgiven", Password, Member, Ct));
        }
    }
}
