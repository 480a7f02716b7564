[assembly: Microsoft.Extensions.Localization.RootNamespace("OurSociety.Web")]

namespace OurSociety.Web.Resources;

/// <summary>
/// Marker for the shared UI text in <c>Text.resx</c> (English first; add <c>Text.xx.resx</c> for another language).
/// Pages take it as <c>IStringLocalizer&lt;Text&gt;</c>.
/// </summary>
public sealed class Text;
