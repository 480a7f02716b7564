using System.Net;
using OurSociety.ActivityPub.Discovery;
using OurSociety.ActivityPub.Json;
using OurSociety.ActivityPub.Signatures;
using OurSociety.ActivityPub.Vocabulary;
using OurSociety.Core.Federation;
using OurSociety.Core.Moderation;
using OurSociety.Federation.Actors;

namespace OurSociety.Federation.Inbox;

/// <summary>
/// Takes an activity POSTed to an inbox (already under the size cap and of an ActivityPub media type: the endpoint
/// checks those) through every check before anything is stored (INTEROP §3, §6, §7): signature and digest, JSON shape,
/// key owner = actor, origins. Then it is stored once per id and 202 is answered; its handling is a work item written
/// in the same commit (<see cref="InboxWork"/>).
/// </summary>
public sealed partial class InboxReceiver(
    InboundSignatures signatures,
    InboxWriter writer,
    InboxDispatch dispatch,
    LocalActors locals,
    IRemoteActorStore remoteActors,
    IDomainRules domains,
    TimeProvider time,
    InboxDomainBudget domainBudget,
    FirstSeenAccounts firstSeen,
    ILogger<InboxReceiver> logger)
{
    /// <summary>The local actor an inbox path names, or null (answered 404). Null <paramref name="username"/> is the shared inbox.</summary>
    public async Task<(bool Found, string? Recipient)> RecipientAsync(string? username, CancellationToken ct)
    {
        if (username is null)
        {
            return (true, null);
        }

        return await locals.FindAsync(username, ct) is { } local ? (true, local.Username) : (false, null);
    }

    /// <summary>
    /// Checks a POSTed activity (already under the size cap and of an ActivityPub media type) and stores it; the answer
    /// is 202 or a refusal with a reason for the sender's admins.
    /// </summary>
    public async Task<InboxReceipt> ReceiveAsync(string path, string? recipient, IncomingRequest request, CancellationToken ct)
    {
        var body = request.Body;
        var check = signatures.Parse(request);
        if (check.Signature is not { } signature)
        {
            return Refuse(path, HttpStatusCode.Unauthorized, check.Error ?? "no valid signature");
        }

        var parsed = ApDocument.Parse(body.Span);
        if (parsed.Document is not { } activity)
        {
            return Refuse(path, HttpStatusCode.BadRequest, parsed.Error ?? "the body is not an ActivityStreams object");
        }

        if (activity.Id is not { } id || activity.Type is not { } type || activity.ActorId is not { } actorId
            || !IsHttpUrl(id) || !IsHttpUrl(actorId))
        {
            return Refuse(path, HttpStatusCode.BadRequest, "an activity needs an id, a type and an actor, as http(s) URLs");
        }

        // The gate of domain moderation, before anything is fetched (not even the key): a suspended domain, one off
        // the allow list in allowlist mode, or a suspended account is refused however its hosts are spelled.
        if (await GateAsync(signature.KeyId, actorId, id, ct) is { } gateError)
        {
            return Refuse(path, HttpStatusCode.Forbidden, gateError);
        }

        // A deleted account's key is gone with it: fetching it would only fail (INTEROP §4.5). If we never knew the
        // actor there is nothing of theirs to delete, so this is answered without any fetch.
        if (type == ActivityTypes.Delete && activity.ObjectId == actorId && await remoteActors.FindAsync(actorId, ct) is null)
        {
            LogDroppedUnknownDelete(actorId);
            return InboxReceipt.Accepted;
        }

        // An account never seen here: its domain's new accounts share one allowance an hour. Checked before its key is
        // fetched (a flood of new accounts costs us nothing), counted once its signature verified (below).
        var isNewAccount = await remoteActors.FindAsync(actorId, ct) is null;
        if (isNewAccount && firstSeen.Reserve(actorId) is { } newAccountWait)
        {
            return Refuse(path, HttpStatusCode.TooManyRequests, "too many new accounts from this domain; try again later") with { RetryAfter = newAccountWait };
        }

        // The place is taken before the key is fetched, so deliveries that arrive together cannot all pass the check
        // before any is counted; it is given back unless the signature verifies.
        var keepNewAccount = false;
        try
        {
            return await VerifiedAsync();
        }
        finally
        {
            if (isNewAccount && !keepNewAccount)
            {
                firstSeen.Release(actorId);
            }
        }

        async Task<InboxReceipt> VerifiedAsync()
        {
            var (key, keyError) = await signatures.VerifyAsync(signature, ct);
            if (key is null && type == ActivityTypes.Delete && activity.ObjectId == actorId)
            {
                // An account deleted at its origin usually takes its key along: nothing can verify the Delete, and a
                // 401 would only make the sender retry for days. Answered and dropped; the actor stays until refetched.
                LogDroppedUnverifiableDelete(actorId, keyError ?? "");
                return InboxReceipt.Accepted;
            }

            if (key is null)
            {
                return Refuse(path, HttpStatusCode.Unauthorized, keyError ?? "the signature could not be verified");
            }

            if (key.Actor.Id != actorId)
            {
                return Refuse(path, HttpStatusCode.Unauthorized, "the signing key does not belong to the activity's actor");
            }

            if (OriginRules.ActivityOriginError(activity, actorId) is { } originError)
            {
                return Refuse(path, HttpStatusCode.Forbidden, originError);
            }

            // Counted only now that the signature verified and the key is the actor's: a forged or unsigned request naming a
            // domain cannot spend that domain's allowance.
            if (domainBudget.Spend(actorId) is { } retryAfter)
            {
                return Refuse(path, HttpStatusCode.TooManyRequests, "too many activities from this domain; try again later") with { RetryAfter = retryAfter };
            }

            keepNewAccount = true;

            var isNew = await writer.StoreAsync(
                new InboxActivity(id, actorId, type, recipient, System.Text.Encoding.UTF8.GetString(body.Span), time.GetUtcNow())
                {
                    // Nothing to do for it yet: stored as done, so the processor never reads it back.
                    Outcome = dispatch.Handles(type) ? null : new InboxOutcome.Kept().ToString(),
                },
                ct);
            if (!isNew)
            {
                LogDuplicate(id);
            }

            return InboxReceipt.Accepted;
        }
    }

    /// <summary>Why this hub refuses anything signed with this key, by this actor, with this id; null when it does not.</summary>
    private async Task<string?> GateAsync(string keyId, string actorId, string activityId, CancellationToken ct)
    {
        // Usually one host for all three: each host is looked up once (this runs on every inbox POST).
        foreach (var url in new[] { keyId, actorId, activityId }.DistinctBy(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri.Authority : u, StringComparer.OrdinalIgnoreCase))
        {
            if (!(await domains.ForAsync(url, ct)).Federates)
            {
                return "this hub does not federate with " + (Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : url);
            }
        }

        return await domains.ActorSuspendedAsync(actorId, ct) ? "this account is suspended here" : null;
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";

    /// <summary>A refusal, logged once with the inbox and the reason.</summary>
    public InboxReceipt Refuse(string path, HttpStatusCode status, string reason)
    {
        LogRefused(path, (int)status, reason);
        return new InboxReceipt(status, reason);
    }

    [LoggerMessage(5202, LogLevel.Information, "Inbox {Path} refused an activity ({Status}): {Reason}")]
    private partial void LogRefused(string path, int status, string reason);

    [LoggerMessage(5203, LogLevel.Debug, "Activity {ActivityId} was already received; ignored")]
    private partial void LogDuplicate(string activityId);

    [LoggerMessage(5204, LogLevel.Debug, "Dropped a Delete of {ActorId}, an actor never known here")]
    private partial void LogDroppedUnknownDelete(string actorId);

    [LoggerMessage(5205, LogLevel.Information, "Dropped a Delete of {ActorId} whose signature cannot be verified ({Reason})")]
    private partial void LogDroppedUnverifiableDelete(string actorId, string reason);
}

/// <summary>What the inbox answers: 202, or a refusal (<see cref="Status"/>) with a short reason for the sender's admins.</summary>
public sealed record InboxReceipt(HttpStatusCode Status, string? Reason)
{
    /// <summary>With a 429: when the sender may try again (sent as Retry-After, so the activity is retried, not lost).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static readonly InboxReceipt Accepted = new(HttpStatusCode.Accepted, null);
}
