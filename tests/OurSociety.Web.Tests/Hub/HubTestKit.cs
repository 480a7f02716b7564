using System.Net;
using System.Net.Http.Headers;
using OurSociety.Core.Hubs;
using OurSociety.Core.Members;
using OurSociety.Testing;
using OurSociety.Web.Tests.Settings;

namespace OurSociety.Web.Tests.Hub;

/// <summary>An admin's browser on the hub form, and the form's two posts (texts, logo).</summary>
internal static class HubTestKit
{
    public static async Task<Browserless> AdminAsync(NodeFactory node, string username = "hubadmin")
    {
        await node.CreateMemberAsync(username, "correct horse battery", Role.Admin, Role.Member);
        return await node.SignedInBrowserAsync(username);
    }

    /// <summary>Posts the hub form as the page fills it (the hub as it is now), with <paramref name="fields"/> changed.</summary>
    public static Task<HttpResponseMessage> SaveHubAsync(this Browserless browser, NodeFactory node, IDictionary<string, string> fields)
    {
        var hub = node.Service<HubIdentity>().Current;
        var all = new Dictionary<string, string>(fields);
        all.TryAdd("name", hub.Name);
        all.TryAdd("locality", hub.Locality);
        all.TryAdd("description", hub.Description);
        all.TryAdd("rules", hub.Rules);
        all.TryAdd("accent", hub.Accent);
        all.TryAdd("topics", hub.Topics);
        all.TryAdd("latitude", hub.Latitude?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
        all.TryAdd("longitude", hub.Longitude?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
        return browser.SubmitAsync("/admin/hub", "/admin/hub", all);
    }

    public static async Task<HttpResponseMessage> UploadLogoAsync(
        this Browserless browser, byte[] bytes, string fileName = "logo.png", string contentType = "image/png")
    {
        var (status, html) = await browser.GetAsync("/admin/hub");
        Assert.Equal(HttpStatusCode.OK, status);
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(TestForms.Token(html, "/admin/hub/logo")), TestForms.TokenField);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "logo", fileName);
        return await browser.Client.PostAsync("/admin/hub/logo", content, TestContext.Current.CancellationToken);
    }
}
