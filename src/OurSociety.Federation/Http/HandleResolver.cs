using System.Diagnostics;
using OurSociety.ActivityPub.Discovery;
using OurSociety.Federation.Follows;

namespace OurSociety.Federation.Http;

/// <summary>The follow service's port (<see cref="IHandleResolver"/>) onto <see cref="WebFingerClient"/>.</summary>
public sealed class HandleResolver(WebFingerClient webFinger) : IHandleResolver
{
    public async Task<(string? ActorId, string? Error)> ResolveAsync(Handle handle, CancellationToken ct) =>
        await webFinger.ResolveAsync(handle, ct) switch
        {
            // The href as written: the actor's id must match it byte for byte, and Uri may normalise it.
            WebFingerResult.Found found => (found.ActorId.OriginalString, null),
            WebFingerResult.NotFound notFound => (null, notFound.Reason),
            WebFingerResult.Gone gone => (null, gone.Reason),
            WebFingerResult.Refused refused => (null, refused.Reason),
            WebFingerResult.Failed failed => (null, failed.Reason),
            _ => throw new UnreachableException(),
        };
}
