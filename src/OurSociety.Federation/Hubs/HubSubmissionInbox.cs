using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core;
using OurSociety.Core.Federation;
using OurSociety.Core.Hubs;
using OurSociety.Core.Setup;
using OurSociety.Core.Work;
using OurSociety.Federation.Actors;

namespace OurSociety.Federation.Hubs;

/// <summary>What a received post means for the hub's queue (see <see cref="HubSubmissionInbox.CheckAsync"/>).</summary>
public abstract record SubmissionCheck
{
    private SubmissionCheck()
    {
    }

    /// <summary>A submission to keep: waiting, or approved at once (with its announce item).</summary>
    public sealed record Keep(HubSubmission Submission, IReadOnlyCollection<NewWorkItem> Work) : SubmissionCheck;

    /// <summary>A submission the hub refuses (a blocked, suspended or limited account or domain).</summary>
    public sealed record Refuse(string Why) : SubmissionCheck;

    /// <summary>This post was submitted before: one post is one submission.</summary>
    public sealed record Repeat : SubmissionCheck;
}

/// <summary>
/// Decides whether a received post is a submission to our hub (FEP-1b12, as Lemmy and PieFed groups take posts): a
/// public or unlisted top-level post whose <c>to</c>/<c>cc</c> (of the object or its Create) names the hub Group, whose
/// <c>Mention</c> tag names it, or whose <c>audience</c> is it. Direct and followers-only posts that name the hub are
/// never submissions. Refused: accounts the hub blocks, suspended or limited accounts, limited or blocked domains. With "followers may post directly", an accepted
/// follower's submission is approved at once. No network: only stored rows are read.
/// </summary>
public sealed class HubSubmissionInbox(
    LocalActors locals,
    IHubSubmissionStore submissions,
    IFollowStore follows,
    HubSubmissionRefusals refusals,
    INodeSettingStore settings,
    HubNotices notices,
    TimeProvider time)
{
    /// <summary>
    /// Stores a kept submission in the transaction of the inbox's outcome. A waiting one tells admins and moderators,
    /// only when it is new: the same post sent again (or handled again) is one submission, told once. One approved at
    /// once (followers may post directly) tells no one.
    /// </summary>
    public async Task StoreAsync(SubmissionCheck.Keep kept, ITransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(kept);
        if (await submissions.AddAsync(kept.Submission, tx, ct) && kept.Submission.State == HubSubmissionState.Waiting)
        {
            await notices.SubmissionWaitingAsync(kept.Submission, tx, ct);
        }
    }

    /// <summary>Null when the post is no submission; else what to do with it.</summary>
    public async Task<SubmissionCheck?> CheckAsync(ApDocument? activity, ApDocument obj, string actorId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj.Id is not { } apId || obj.GetReference(AsProperties.InReplyTo) is not null || !AddressesHub(activity, obj))
        {
            return null;
        }

        // Public (Public in "to") or unlisted (in "cc"): a direct or followers-only mention of the hub is a message to
        // it, never something to announce.
        if (!obj.IsAddressedToPublic && activity?.IsAddressedToPublic != true)
        {
            return null;
        }

        if (await submissions.FindByApIdAsync(apId, ct) is not null)
        {
            return new SubmissionCheck.Repeat();
        }

        if (await refusals.CheckAsync(actorId, ct) is { } refusal)
        {
            return new SubmissionCheck.Refuse(Why(refusal));
        }

        var now = time.GetUtcNow();
        var direct = await HubSubmissionSettings.IsOnAsync(settings, HubSubmissionSettings.FollowersPostDirectly, ct)
            && await follows.FindAsync(locals.HubUsername, actorId, FollowDirection.In, ct) is { State: FollowState.Accepted };
        var submission = new HubSubmission(
            Guid.CreateVersion7(now),
            apId,
            actorId,
            Posts.ReceivedPosts.UrlOf(obj),
            Text(obj.GetString("name")),
            // What the queue shows under the title: the summary, else the start of the text (a Note has no title).
            Text(obj.GetString("summary")) ?? Text(obj.GetString("content")),
            obj.Json.ToJsonString(),
            (activity ?? obj).Json.ToJsonString(),
            direct ? HubSubmissionState.Approved : HubSubmissionState.Waiting,
            now,
            null,
            direct ? now : null);
        return new SubmissionCheck.Keep(submission, direct ? [HubSubmissionWork.Item(submission.Id)] : []);
    }

    /// <summary>
    /// A waiting submission as its author's <c>Update</c> says it is now: the new object, and the Create it came in
    /// with carrying the new object (so approval announces, plain or wrapped, what the author now says).
    /// </summary>
    public static HubSubmission Revise(HubSubmission submission, ApDocument obj)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(obj);
        var objectJson = obj.Json.ToJsonString();
        var activityJson = objectJson;
        if (System.Text.Json.Nodes.JsonNode.Parse(submission.ActivityJson) is System.Text.Json.Nodes.JsonObject create
            && create["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && create["type"]!.GetValue<string>() == ActivityTypes.Create)
        {
            create["object"] = System.Text.Json.Nodes.JsonNode.Parse(objectJson);
            activityJson = create.ToJsonString();
        }

        return submission with
        {
            Url = Posts.ReceivedPosts.UrlOf(obj),
            Title = Text(obj.GetString("name")),
            Summary = Text(obj.GetString("summary")) ?? Text(obj.GetString("content")),
            ObjectJson = objectJson,
            ActivityJson = activityJson,
        };
    }

    /// <summary>The hub's id (or its page's address, which some software puts in a mention) in to/cc, a Mention tag or the audience.</summary>
    private bool AddressesHub(ApDocument? activity, ApDocument obj)
    {
        var hub = locals.Hub;
        bool IsHub(string? iri) => iri is not null && (iri == hub.Id || iri == hub.ProfileUrl);
        return obj.To.Concat(obj.Cc).Any(IsHub)
            || (activity is not null && activity.To.Concat(activity.Cc).Any(IsHub))
            || IsHub(obj.GetReference(AsProperties.Audience))
            || obj.GetObjects(AsProperties.Tag).Take(50).Any(t => t.Type == ObjectTypes.Mention && IsHub(t.GetString(AsProperties.Href)));
    }

    /// <summary>What the inbox logs of a refused submission.</summary>
    private static string Why(HubSubmissionRefusal refusal) => refusal switch
    {
        HubSubmissionRefusal.DomainNotAllowed or HubSubmissionRefusal.DomainBlocked or HubSubmissionRefusal.DomainLimited =>
            "a submission from a blocked or limited domain",
        HubSubmissionRefusal.AccountSuspended or HubSubmissionRefusal.AccountLimited => "a submission from a suspended or limited account",
        _ => "a submission from an account the hub blocks",
    };

    private static string? Text(string? value) => Content.PlainText.CleanOrNull(value, 300);
}
