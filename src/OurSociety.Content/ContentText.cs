using System.Globalization;
using System.Resources;

namespace OurSociety.Content;

/// <summary>
/// Messages about pictures and uploads, in <c>ContentText.resx</c> (add <c>ContentText.xx.resx</c> for another
/// language). Static like ApiText: the image checks run outside any request's localizer.
/// </summary>
public sealed class ContentText
{
    private static readonly ResourceManager Resources = new(typeof(ContentText));

    private ContentText()
    {
    }

    public static string ImageWrongType => Get(nameof(ImageWrongType));

    public static string ImageTooLarge(long maxBytes) => Format(nameof(ImageTooLarge), Math.Round(maxBytes / 1024d / 1024d, 1));

    public static string ImageTooManyPixels => Format(nameof(ImageTooManyPixels), ImageProcessor.MaxPixels / 1_000_000);

    public static string ImageDamaged => Get(nameof(ImageDamaged));

    public static string ImageMissing => Get(nameof(ImageMissing));

    public static string UploadNotMultipart => Get(nameof(UploadNotMultipart));

    public static string UploadUnreadable => Get(nameof(UploadUnreadable));

    public static string UploadNeedsAntiforgery => Get(nameof(UploadNeedsAntiforgery));

    private static string Get(string name) =>
        Resources.GetString(name, CultureInfo.CurrentUICulture) ?? throw new InvalidOperationException($"ContentText.resx has no {name}.");

    private static string Format(string name, params object[] values) => string.Format(CultureInfo.CurrentCulture, Get(name), values);
}
