using Microsoft.AspNetCore.Http.Features;
using OurSociety.ActivityPub.Discovery;
using OurSociety.ActivityPub.Json;
using OurSociety.Core.Federation;

namespace OurSociety.Web.Federation.Inbox;

/// <summary>
/// Takes an activity POSTed to an inbox through every check before anything is stored (INTEROP §3, §6, §7): size,
/// media type, signature and digest, JSON shape, key owner = actor, origins. Then it is stored once per id and 202 is
/// answered; the processor does the rest in the background.
/// </summary>
internal sealed partial class InboxReceiver(
    InboundSignatures signatures,
    InboxWriter writer,
    LocalActors locals,
    IRemoteActorStore remoteActors,
    TimeProvider time,
    ILogger<InboxReceiver> logger)
{
    /// <summary>The largest activity accepted (Mastodon reads at most 1 MiB of any response too).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private static readonly string[] AcceptedMediaTypes = ["application/activity+json", "application/ld+json", "application/json"];

    public async Task<IResult> ReceiveAsync(HttpContext http, string? username, CancellationToken ct)
    {
        var request = http.Request;
        string? recipient = null;
        if (username is not null)
        {
            if (await locals.FindAsync(username, ct) is not { } local)
            {
                return Refused(http, StatusCodes.Status404NotFound, "no such actor");
            }

            recipient = local.Username;
        }

        if (!IsActivityMediaType(request.ContentType))
        {
            return Refused(http, StatusCodes.Status415UnsupportedMediaType, "the body must be application/activity+json");
        }

        var body = await ReadBodyAsync(http, ct);
        if (body is null)
        {
            return Refused(http, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes} bytes");
        }

        var check = signatures.Parse(signatures.Describe(request, body));
        if (check.Signature is not { } signature)
        {
            return Refused(http, StatusCodes.Status401Unauthorized, check.Error ?? "no valid signature");
        }

        var parsed = ApDocument.Parse(body);
        if (parsed.Document is not { } activity)
        {
            return Refused(http, StatusCodes.Status400BadRequest, parsed.Error ?? "the body is not an ActivityStreams object");
        }

        if (activity.Id is not { } id || activity.Type is not { } type || activity.ActorId is not { } actorId
            || !IsHttpUrl(id) || !IsHttpUrl(actorId))
        {
            return Refused(http, StatusCodes.Status400BadRequest, "an activity needs an id, a type and an actor, as http(s) URLs");
        }

        // A deleted account's key is gone with it: fetching it would only fail (INTEROP §4.5). If we never knew the
        // actor there is nothing of theirs to delete, so this is answered without any fetch.
        if (type == "Delete" && activity.ObjectId == actorId && await remoteActors.FindAsync(actorId, ct) is null)
        {
            LogDroppedUnknownDelete(actorId);
            return Results.Accepted();
        }

        var (key, keyError) = await signatures.VerifyAsync(signature, ct);
        if (key is null && type == "Delete" && activity.ObjectId == actorId)
        {
            // An account deleted at its origin usually takes its key along: nothing can verify the Delete, and a
            // 401 would only make the sender retry for days. Answered and dropped; the actor stays until refetched.
            LogDroppedUnverifiableDelete(actorId, keyError ?? "");
            return Results.Accepted();
        }

        if (key is null)
        {
            return Refused(http, StatusCodes.Status401Unauthorized, keyError ?? "the signature could not be verified");
        }

        if (key.Actor.Id != actorId)
        {
            return Refused(http, StatusCodes.Status401Unauthorized, "the signing key does not belong to the activity's actor");
        }

        if (OriginError(activity, actorId) is { } originError)
        {
            return Refused(http, StatusCodes.Status403Forbidden, originError);
        }

        var isNew = await writer.StoreAsync(
            new InboxActivity(id, actorId, type, recipient, System.Text.Encoding.UTF8.GetString(body), time.GetUtcNow())
            {
                // Nothing to do for it yet: stored as done, so the processor never reads it back.
                Outcome = ActivityHandler.Handles(type) ? null : "kept",
            },
            ct);
        if (!isNew)
        {
            LogDuplicate(id);
        }

        return Results.Accepted();
    }

    /// <summary>
    /// The origin rules (INTEROP §7.1): the activity's id is on its actor's origin, and so is any object it creates,
    /// changes or deletes, which must also be the actor's own. Objects from elsewhere are only ever referenced by id
    /// and fetched from their own origin, never trusted inline.
    /// </summary>
    private static string? OriginError(ApDocument activity, string actorId)
    {
        if (!Origins.SameOrigin(activity.Id!, actorId))
        {
            return "the activity's id is not on its actor's server";
        }

        if (activity.Type is "Create" or "Update" or "Delete")
        {
            if (activity.ObjectId is not { } objectId)
            {
                return "the activity has no object";
            }

            if (!Origins.SameOrigin(objectId, actorId))
            {
                return "the object's id is not on the actor's server";
            }

            if (activity.EmbeddedObject is { } embedded && embedded.GetReference("attributedTo") is { } author
                && author != actorId && embedded.Id != actorId)
            {
                return "the object is attributed to someone else";
            }
        }

        return null;
    }

    private static bool IsActivityMediaType(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return AcceptedMediaTypes.Any(m => string.Equals(m, mediaType, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";

    /// <summary>The body, or null when it is over the cap (without reading more than the cap).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;   // our own cap below answers 413 with a reason
        }

        if (http.Request.ContentLength is { } declared)
        {
            // The usual case: one array of the declared size, filled in place (no chunk buffer, no copy).
            var body = new byte[declared];
            var filled = await http.Request.Body.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, ct);
            return filled == body.Length ? body : body[..filled];
        }

        using var buffer = new MemoryStream(4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private IResult Refused(HttpContext http, int status, string reason)
    {
        LogRefused(http.Request.Path.Value ?? "", status, reason);
        return ApResults.Refuse(status, reason);
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
