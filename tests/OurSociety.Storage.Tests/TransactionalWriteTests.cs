using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Posts;
using OurSociety.Storage.Stores;

namespace OurSociety.Storage.Tests;

/// <summary>
/// Every store write that takes the caller's transaction: gone when the transaction is disposed without a commit, kept
/// when it commits. Each runs while the transaction is open in the test's flow, where opening another connection
/// throws, so a write that still used a connection of its own would fail here too.
/// </summary>
public sealed class TransactionalWriteTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly PostStore _posts = new(fixture.Db);
    private readonly MemberStore _members = new(fixture.Db);
    private readonly NotificationStore _notifications = new(fixture.Db);
    private readonly FollowStore _follows = new(fixture.Db);
    private readonly BlockStore _blocks = new(fixture.Db);
    private readonly InboxStore _inbox = new(fixture.Db);
    private readonly DeliveryStore _deliveries = new(fixture.Db);
    private readonly RemoteActorStore _actors = new(fixture.Db);

    /// <summary>A write to make in a transaction, what to look at, and what that shows once the write is committed.</summary>
    private sealed record Case(Func<ITransaction, Task> Write, Func<Task<string>> Observe, string Committed);

    private static readonly Dictionary<string, Func<TransactionalWriteTests, Task<Case>>> Cases = new()
    {
        ["post.add"] = async t =>
        {
            var post = t.Story(await t.MemberAsync());
            return new Case(tx => t._posts.AddAsync(post, tx, Ct), () => t.DescribePostAsync(post.Id), "Title|a,b|1|https://source.test/");
        },
        ["post.update"] = async t =>
        {
            var post = await t.CommittedStoryAsync();
            var edited = post with { Title = "Edited", Topics = ["c"], Images = [], Sources = [] };
            return new Case(tx => t._posts.UpdateAsync(edited, tx, Ct), () => t.DescribePostAsync(post.Id), "Edited|c|0|");
        },
        ["post.markDeleted"] = async t =>
        {
            var post = await t.CommittedStoryAsync();
            await t.Commit(tx => t._posts.AddReactionAsync(t.Like(post.Id), tx, Ct));
            return new Case(tx => t._posts.MarkDeletedAsync(post.Id, t.Now, tx, Ct), () => t.DescribePostAsync(post.Id), "deleted||||0 likes");
        },
        ["post.markRemoved"] = async t =>
        {
            var post = await t.CommittedStoryAsync();
            var moderator = await t.MemberAsync();
            return new Case(tx => t._posts.MarkRemovedAsync(post.Id, new PostRemoval(moderator.Id, "Spam", t.Now), tx, Ct),
                async () => await t._posts.FindAsync(post.Id, Ct) is { Removal: { } r } p && p.IsDeleted && r.By == moderator.Id ? $"removed: {r.Reason}" : "not removed",
                "removed: Spam");
        },
        ["post.addReaction"] = async t =>
        {
            var post = await t.CommittedStoryAsync();
            return new Case(tx => t._posts.AddReactionAsync(t.Like(post.Id), tx, Ct), () => t.DescribePostAsync(post.Id), "Title|a,b|1|https://source.test/|1 likes");
        },
        ["post.removeReaction"] = async t =>
        {
            var post = await t.CommittedStoryAsync();
            var like = t.Like(post.Id);
            await t.Commit(tx => t._posts.AddReactionAsync(like, tx, Ct));
            return new Case(tx => t._posts.RemoveReactionAsync(post.Id, like.Kind, like.Actor, tx, Ct), () => t.DescribePostAsync(post.Id), "Title|a,b|1|https://source.test/");
        },
        ["notification.add"] = async t =>
        {
            var member = await t.MemberAsync();
            Notification Note(NotificationKind kind) => new(Guid.CreateVersion7(t.Now), member.Id, kind, "https://remote.test/users/bob", false, null, t.Now, null);
            return new Case(tx => t._notifications.AddAsync([Note(NotificationKind.Follow), Note(NotificationKind.Like)], tx, Ct),
                async () => $"{await t._notifications.CountUnreadAsync(member.Id, Ct)} unread", "2 unread");
        },
        ["follow.put"] = async t =>
        {
            var (local, remote) = await t.PairAsync();
            return new Case(tx => t._follows.PutAsync(t.Follow(local, remote), tx, Ct), () => t.DescribeFollowAsync(local, remote), "Pending");
        },
        ["follow.accept"] = async t =>
        {
            var (local, remote) = await t.PairAsync();
            var follow = await t.Commit(tx => t._follows.PutAsync(t.Follow(local, remote), tx, Ct));
            return new Case(tx => t._follows.AcceptAsync(follow.Id, t.Now, tx, Ct), () => t.DescribeFollowAsync(local, remote), "Accepted");
        },
        ["follow.delete"] = async t =>
        {
            var (local, remote) = await t.PairAsync();
            var follow = await t.Commit(tx => t._follows.PutAsync(t.Follow(local, remote), tx, Ct));
            return new Case(tx => t._follows.DeleteAsync(follow.Id, tx, Ct), () => t.DescribeFollowAsync(local, remote), "none");
        },
        ["follow.deleteBetween"] = async t =>
        {
            var (local, remote) = await t.PairAsync();
            await t.Commit(tx => t._follows.PutAsync(t.Follow(local, remote), tx, Ct));
            await t.Commit(tx => t._follows.PutAsync(t.Follow(local, remote, FollowDirection.In), tx, Ct));
            return new Case(tx => t._follows.DeleteBetweenAsync(local, remote, tx, Ct),
                async () => $"{await t.DescribeFollowAsync(local, remote)}/{await t.DescribeFollowAsync(local, remote, FollowDirection.In)}", "none/none");
        },
        ["follow.deleteAllOf"] = async t =>
        {
            var (local, remote) = await t.PairAsync();
            await t.Commit(tx => t._follows.PutAsync(t.Follow(local, remote), tx, Ct));
            return new Case(tx => t._follows.DeleteAllOfAsync(local, tx, Ct), () => t.DescribeFollowAsync(local, remote), "none");
        },
        ["block.add"] = async t =>
        {
            var (local, remote) = await t.PairAsync();
            return new Case(tx => t._blocks.AddAsync(t.Block(local, remote), tx, Ct), () => t.DescribeBlockAsync(local, remote), "blocked");
        },
        ["block.delete"] = async t =>
        {
            var (local, remote) = await t.PairAsync();
            await t.Commit(tx => t._blocks.AddAsync(t.Block(local, remote), tx, Ct));
            return new Case(tx => t._blocks.DeleteAsync(local, remote, FollowDirection.Out, tx, Ct), () => t.DescribeBlockAsync(local, remote), "none");
        },
        ["member.updateProfile"] = async t =>
        {
            var member = await t.MemberAsync();
            return new Case(tx => t._members.UpdateProfileAsync(member.Id, new ProfileUpdate("New Name", "New bio", "Leeds"), t.Now, tx, Ct),
                () => t.DescribeMemberAsync(member.Id), "New Name|New bio|Leeds|");
        },
        ["member.setAvatar"] = async t =>
        {
            var member = await t.MemberAsync();
            return new Case(tx => t._members.SetAvatarAsync(member.Id, "avatars/a.webp", t.Now, tx, Ct),
                () => t.DescribeMemberAsync(member.Id), $"{member.Username}|||avatars/a.webp");
        },
        ["member.delete"] = async t =>
        {
            var member = await t.MemberAsync();
            return new Case(tx => t._members.DeleteAsync(member.Id, tx, Ct), () => t.DescribeMemberAsync(member.Id), "none");
        },
        ["inbox.add"] = t =>
        {
            var activity = t.InboxActivity();
            return Task.FromResult(new Case(tx => t._inbox.AddAsync([activity], tx, Ct), () => t.DescribeInboxAsync(activity.ActivityId), "Follow|pending"));
        },
        ["inbox.markProcessed"] = async t =>
        {
            var activity = t.InboxActivity();
            await t.Commit(tx => t._inbox.AddAsync([activity], tx, Ct));
            return new Case(tx => t._inbox.MarkProcessedAsync(activity.ActivityId, "kept", t.Now, tx, Ct), () => t.DescribeInboxAsync(activity.ActivityId), "Follow|kept");
        },
        ["delivery.add"] = t =>
        {
            var activity = new OutboxActivity($"https://hub.test/activities/{Guid.CreateVersion7(t.Now)}", "alice", "Create", null, true, "{}", t.Now);
            return Task.FromResult(new Case(tx => t._deliveries.AddAsync(activity, ["https://a.test/inbox", "https://b.test/inbox"], t.Now, tx, Ct),
                async () => $"{(await t._deliveries.FindActivityAsync(activity.Id, Ct))?.Type ?? "none"}|{(await t._deliveries.ListForActivityAsync(activity.Id, Ct)).Count}",
                "Create|2"));
        },
    };

    public static TheoryData<string> Writes => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_TransactionDisposedWithoutCommit_LeavesNoTrace(string write)
    {
        var c = await Cases[write](this);
        var before = await c.Observe();
        Assert.NotEqual(c.Committed, before);

        await using (var tx = await fixture.Db.BeginAsync(Ct))
        {
            await c.Write(tx);
        }

        Assert.Equal(before, await c.Observe());
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_TransactionCommitted_IsKept(string write)
    {
        var c = await Cases[write](this);

        await using (var tx = await fixture.Db.BeginAsync(Ct))
        {
            await c.Write(tx);
            await tx.CommitAsync(Ct);
        }

        Assert.Equal(c.Committed, await c.Observe());
    }

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    private Task<T> Commit<T>(Func<ITransaction, Task<T>> write) => fixture.CommitAsync(write);

    private string Unique() => Guid.CreateVersion7(Now).ToString("N")[^12..];

    private async Task<Member> MemberAsync()
    {
        var member = fixture.NewMember($"m_{Unique()}");
        Assert.True(await _members.TryAddAsync(member, "h", "s", Ct));
        return member;
    }

    private Post Story(Member author) => new()
    {
        Id = Guid.CreateVersion7(Now),
        Kind = PostKind.Story,
        AuthorId = author.Id,
        Title = "Title",
        Body = "Body",
        Topics = ["a", "b"],
        Images = [new PostImage(null, "https://remote.test/a.png", "alt", "image/png", 10, 10)],
        Sources = ["https://source.test/"],
        CreatedAt = Now,
        PublishedAt = Now,
    };

    private async Task<Post> CommittedStoryAsync()
    {
        var post = Story(await MemberAsync());
        Assert.True(await Commit(tx => _posts.AddAsync(post, tx, Ct)));
        return post;
    }

    private Reaction Like(Guid postId) => new(postId, ReactionKind.Like, "https://remote.test/users/bob", false, $"https://remote.test/likes/{Unique()}", Now);

    private async Task<(string Local, string Remote)> PairAsync()
    {
        var remote = $"https://remote.test/users/{Unique()}";
        await _actors.UpsertAsync(new RemoteActor(remote, "Person", "bob", "remote.test", "Bob", $"{remote}/inbox", null, null, null, null, null,
            false, "{}", Now), Ct);
        return ($"local_{Unique()}", remote);
    }

    private Follow Follow(string local, string remote, FollowDirection direction = FollowDirection.Out) =>
        new(Guid.CreateVersion7(Now), local, remote, direction, FollowState.Pending, $"https://hub.test/follows/{Unique()}", Now, null);

    private Block Block(string local, string remote) => new(local, remote, FollowDirection.Out, $"https://hub.test/blocks/{Unique()}", Now);

    private InboxActivity InboxActivity() =>
        new($"https://remote.test/activities/{Unique()}", "https://remote.test/users/bob", "Follow", null, "{}", Now);

    private async Task<string> DescribePostAsync(Guid id) => await _posts.FindAsync(id, Ct) is not { } p
        ? "none"
        : p.IsDeleted
            ? $"deleted|{p.Title}|{string.Join(",", p.Topics)}|{string.Join(",", p.Sources)}|{p.LikeCount} likes"
            : $"{p.Title}|{string.Join(",", p.Topics)}|{p.Images.Count}|{string.Join(",", p.Sources)}" + (p.LikeCount > 0 ? $"|{p.LikeCount} likes" : "");

    private async Task<string> DescribeFollowAsync(string local, string remote, FollowDirection direction = FollowDirection.Out) =>
        (await _follows.FindAsync(local, remote, direction, Ct))?.State.ToString() ?? "none";

    private async Task<string> DescribeBlockAsync(string local, string remote) =>
        await _blocks.FindAsync(local, remote, FollowDirection.Out, Ct) is null ? "none" : "blocked";

    private async Task<string> DescribeMemberAsync(Guid id) => await _members.FindAsync(id, Ct) is { } m
        ? $"{m.DisplayName}|{m.Bio}|{m.Locality}|{m.AvatarPath}"
        : "none";

    private async Task<string> DescribeInboxAsync(string id) => await _inbox.FindAsync(id, Ct) is { } a
        ? $"{a.Type}|{a.Outcome ?? "pending"}"
        : "none";
}
