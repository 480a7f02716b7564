namespace OurSociety.Core;

/// <summary>
/// Pages kept for signed-out visitors (the web's output cache). Told after every commit that may change what a page
/// shows (a post, reply, reaction, profile, follow or hub setting, made here or received from elsewhere), so a visitor
/// sees the change on the next request. Called after the commit, never inside it: a rolled-back change keeps its pages.
/// </summary>
public interface IPageCache
{
    /// <summary>Forgets every kept page. Cheap enough for each change (the pages are rendered again on demand).</summary>
    ValueTask ChangedAsync();
}

/// <summary>For hosts without kept pages (the CLI, tests of Core alone).</summary>
public sealed class NoPageCache : IPageCache
{
    public ValueTask ChangedAsync() => ValueTask.CompletedTask;
}
