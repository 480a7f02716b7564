using System.ComponentModel;

namespace OurSociety.Web.Features.Api;

/// <summary>The upload's form, for the API description only: the handler reads the body itself (see MediaEndpoints).</summary>
public sealed class UploadMediaForm
{
    [Description("A JPEG, PNG, WebP or GIF picture of up to 10 MiB (the node may set another limit). It is re-encoded: " +
                 "metadata such as the GPS position is removed, and it is scaled to at most 2048 pixels on the long side.")]
    public required IFormFile File { get; init; }
}

/// <summary>A stored picture: refer to it from a story as <c>images: [{"mediaId": id, "alt": …}]</c>.</summary>
internal sealed record MediaResponse(
    Guid Id,
    [property: Description("Where the picture is served.")] string Url,
    [property: Description("image/jpeg, or image/png for a picture with transparency.")] string MediaType,
    int Width,
    int Height);
