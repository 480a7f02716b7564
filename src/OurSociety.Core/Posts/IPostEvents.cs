namespace OurSociety.Core.Posts;

/// <summary>What happened to local posts, for those who tell other servers (federation) about it.</summary>
public interface IPostEvents
{
    /// <summary>A story, lesson or reply written here became visible (created published, or a draft published).</summary>
    Task PublishedAsync(Post post, CancellationToken ct);

    Task UpdatedAsync(Post post, CancellationToken ct);

    /// <summary>A published post was deleted; <paramref name="post"/> is as it was before.</summary>
    Task DeletedAsync(Post post, CancellationToken ct);

    /// <summary>A member here liked or shared a post (<paramref name="added"/>), or took it back.</summary>
    Task ReactedAsync(Reaction reaction, Post post, bool added, CancellationToken ct);
}

public sealed class NoPostEvents : IPostEvents
{
    public Task PublishedAsync(Post post, CancellationToken ct) => Task.CompletedTask;

    public Task UpdatedAsync(Post post, CancellationToken ct) => Task.CompletedTask;

    public Task DeletedAsync(Post post, CancellationToken ct) => Task.CompletedTask;

    public Task ReactedAsync(Reaction reaction, Post post, bool added, CancellationToken ct) => Task.CompletedTask;
}
