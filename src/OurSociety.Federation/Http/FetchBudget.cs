namespace OurSociety.Federation.Http;

/// <summary>
/// How many documents one inbound activity may make this node fetch, in total: depth and breadth together (the post
/// it names, what that answers, a lesson's sources and the lesson it adapts, the authors of each, proposals, ...),
/// counted across the whole chain it triggers, including the work items it leaves behind (they carry what is left in
/// their payload: <see cref="Core.Posts.PostEvent.FetchesLeft"/>). Without it a hostile server could answer every
/// fetch with ten more links, each leading to ten more, and turn one delivery into thousands of requests from us.
/// <para>
/// The budget is ambient for the work that runs under it (<see cref="Begin"/>, an <see cref="AsyncLocal{T}"/>), because
/// every fetch passes through one place (<see cref="DocumentFetcher"/>) while the code that causes them (resolvers,
/// actor look-ups, inbox handlers) runs many levels deep: passing a counter through each would change every signature
/// between the inbox and the fetcher, and a new path that forgot it would escape the cap. Work with no budget begun
/// (a person's own look-up, which is capped in time instead) is not limited.
/// </para>
/// </summary>
public sealed class FetchBudget
{
    /// <summary>
    /// Fetches per inbound activity. Enough for a reply whose thread is four posts deep and unknown here (the post and
    /// its author at each level, <see cref="Posts.PostResolver.MaxDepth"/>), or a lesson with a few sources and the
    /// lesson it adapts, with their authors; a chain or fan-out built to make us fetch forever stops here.
    /// </summary>
    public const int PerActivity = 16;

    private static readonly AsyncLocal<FetchBudget?> Ambient = new();

    private int _left;

    private FetchBudget(int left) => _left = left;

    /// <summary>The budget the current work runs under, or null when it has none.</summary>
    public static FetchBudget? Current => Ambient.Value;

    /// <summary>Fetches still allowed (never below zero).</summary>
    public int Left => Math.Max(0, Volatile.Read(ref _left));

    /// <summary>
    /// Runs what follows (until the scope is disposed) under a budget of <paramref name="left"/> fetches. A budget
    /// already running is kept (a smaller one is never widened by work nested inside it).
    /// </summary>
    public static IDisposable Begin(int left)
    {
        var outer = Ambient.Value;
        if (outer is not null)
        {
            return new Scope(outer);
        }

        Ambient.Value = new FetchBudget(Math.Clamp(left, 0, PerActivity));
        return new Scope(null);
    }

    /// <summary>Takes one fetch from the budget: false when none is left (then nothing is fetched).</summary>
    public bool TrySpend() => Interlocked.Decrement(ref _left) >= 0;

    private sealed class Scope(FetchBudget? restore) : IDisposable
    {
        public void Dispose() => Ambient.Value = restore;
    }
}
