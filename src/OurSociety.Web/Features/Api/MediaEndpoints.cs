using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OurSociety.Content;
using OurSociety.Core.Media;
using OurSociety.Web.Hosting;

namespace OurSociety.Web.Features.Api;

/// <summary>Picture uploads: a picture is uploaded first, then referred to by its id from a story.</summary>
internal static class MediaEndpoints
{
    /// <summary>Room for the multipart framing and headers around the picture itself.</summary>
    private const long FramingBytes = 64 * 1024;

    public static RouteGroupBuilder MapMediaEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/media").WithTags("Media");
        group.MapPost("/", UploadAsync)
            .WithName("UploadMedia")
            .WithSummary("Upload a picture")
            .WithDescription("Send one picture as multipart/form-data in the field \"file\". It is checked by its content " +
                             "(JPEG, PNG, WebP or GIF; a GIF keeps its first frame), turned upright, scaled to at most 2048 pixels " +
                             "on the long side and re-encoded without metadata. Answers its id, to use in a story's images. " +
                             "With the sign-in cookie instead of a token, the form's antiforgery token is needed too.")
            .Accepts<UploadMediaForm>("multipart/form-data")
            .Produces<MediaResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            // The handler reads the body itself, so it can refuse an oversized one before reading it.
            .DisableAntiforgery();
        return group;
    }

    internal static async Task<IResult> UploadAsync(
        HttpContext context, IAntiforgery antiforgery, IMediaStore store, MediaFiles files, MediaVersions versions, IOptions<MediaOptions> media,
        IOptions<NodeOptions> node, TimeProvider time, CancellationToken ct)
    {
        var maxBytes = media.Value.MaxBytes;
        var request = context.Request;
        if (request.ContentLength > maxBytes + FramingBytes)
        {
            return TooLarge(maxBytes);
        }

        // A body without a length (chunked) is cut off by the server at the same size: Kestrel answers 413.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = maxBytes + FramingBytes;
        }

        if (!request.HasFormContentType || !request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType, ContentText.UploadNotMultipart);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = maxBytes + FramingBytes }, ct);
        }
        catch (InvalidDataException)
        {
            return FileError(ContentText.UploadUnreadable);
        }

        // A page on another site could post a form here with the visitor's cookie, unlike JSON: a cookie upload
        // proves it came from our own page. (Tokens are sent by programs, never by a browser on its own.)
        if (request.Headers.Authorization.Count == 0 && !await antiforgery.IsRequestValidAsync(context))
        {
            return ApiResults.Problem(StatusCodes.Status400BadRequest, ContentText.UploadNeedsAntiforgery);
        }

        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            return FileError(ContentText.ImageMissing);
        }

        if (file.Length > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        await using var input = file.OpenReadStream();
        var result = await ImageProcessor.ProcessAsync(input, maxBytes, ct);
        if (result is not ImageResult.Ok(var image))
        {
            var refused = (ImageResult.Refused)result;
            return refused.Reason == ImageRefusal.TooLarge ? TooLarge(maxBytes) : FileError(refused.Message);
        }

        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await files.SaveAsync(id, image, ct);
        try
        {
            await store.AddAsync(new MediaItem(id, context.User.MemberId(), image.MediaType, image.Width, image.Height, image.Bytes.LongLength, null, now), ct);
        }
        catch
        {
            files.Delete(id, image.MediaType);   // not recorded, so not kept
            throw;
        }

        // Within the request (about as long again as checking and re-encoding it: bench/page-weight.sh), so the first
        // page to show it is light.
        await versions.TryMakeAsync(id, image.MediaType, image.Bytes, ct);
        var url = node.Value.Origin + MediaFiles.Url(id);
        return TypedResults.Created(url, new MediaResponse(id, url, image.MediaType, image.Width, image.Height));
    }

    private static ValidationProblem FileError(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [message] });

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, ContentText.ImageTooLarge(maxBytes));
}
