using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OurSociety.Web.Resources;

namespace OurSociety.Web.Tests.Languages;

/// <summary>
/// A Welsh resource set that lacks a text (FallbackText.cy.resx has "Greeting" but not "Farewell" or "Thing.Few"):
/// the page shows the English text, never the key. The completeness test keeps the shipped sets from lacking any.
/// </summary>
public sealed class FallbackTests
{
    private static IStringLocalizer Localizer() =>
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)
            .Create(typeof(FallbackText));

    [Fact]
    public void A_text_missing_in_welsh_is_shown_in_english()
    {
        using var _ = new UiCulture("cy");
        var text = Localizer();
        Assert.Equal("Shwmae", text["Greeting"].Value);
        var farewell = text["Farewell"];
        Assert.False(farewell.ResourceNotFound);
        Assert.Equal("Goodbye", farewell.Value);
    }

    [Fact]
    public void A_plural_category_missing_in_welsh_falls_back_to_the_welsh_other_then_english()
    {
        using var _ = new UiCulture("cy");
        var text = Localizer();
        Assert.Equal("3 o bethau", text.Plural("Thing", 3));   // Few is missing: the Welsh Other
        Assert.Equal("1 peth", text.Plural("Thing", 1));
    }

    [Fact]
    public void An_arabic_page_without_an_arabic_set_reads_english()
    {
        using var _ = new UiCulture("ar");
        var text = Localizer();
        Assert.Equal("Hello", text["Greeting"].Value);
        Assert.Equal("2 things", text.Plural("Thing", 2));
    }

    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo _before = CultureInfo.CurrentUICulture;

        public UiCulture(string name) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

        public void Dispose() => CultureInfo.CurrentUICulture = _before;
    }
}

/// <summary>Marker for FallbackText.resx, a resource set made for <see cref="FallbackTests"/>.</summary>
public sealed class FallbackText;
