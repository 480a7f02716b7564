using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Introductions;

internal static class IntroductionTestKit
{
    public const string Introductions = ApiTestKit.Prefix + "/introductions";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> ProposeAsync(this ApiUser glueEr, string a, string b, string reason = "You both run food banks.") =>
        glueEr.Client.PostAsJsonAsync(Introductions, new { parties = new[] { a, b }, reason }, Ct);

    /// <summary>Proposes and asserts 201; the introduction's id.</summary>
    public static async Task<Guid> ProposedAsync(this ApiUser glueEr, string a, string b) =>
        (await (await glueEr.ProposeAsync(a, b)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    public static async Task<JsonElement> GetAsync(this ApiUser user, Guid id) =>
        await (await user.Client.GetAsync($"{Introductions}/{id:D}", Ct)).JsonAsync(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> ActAsync(this ApiUser user, Guid id, string action) =>
        user.Client.PostAsync($"{Introductions}/{id:D}/{action}", null, Ct);

    public static async Task<JsonElement> ActedAsync(this ApiUser user, Guid id, string action) =>
        await (await user.ActAsync(id, action)).JsonAsync(HttpStatusCode.OK);

    public static string State(this JsonElement introduction) => introduction.GetProperty("state").GetString()!;

    /// <summary>The member's notifications about this introduction, oldest first.</summary>
    public static async Task<List<Notification>> NotificationsAsync(this NodeFactory node, Guid memberId, Guid introductionId)
    {
        var subject = NotificationSubjects.Of("introduction", introductionId);
        var page = await node.Service<INotificationStore>().ListAsync(memberId, Cursor.Start, 100, Ct);
        return [.. page.Items.Where(n => n.Subject == subject).Reverse()];
    }

    /// <summary>Asserts a problem with <paramref name="status"/> whose <c>errors</c> names <paramref name="field"/> (and only it).</summary>
    public static async Task<JsonElement> RefusedAsync(this HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var problem = await response.ProblemAsync(status);
        var errors = problem.GetProperty("errors");
        var named = Assert.Single(errors.EnumerateObject());
        Assert.Equal(field, named.Name);
        Assert.False(string.IsNullOrWhiteSpace(named.Value[0].GetString()));
        if (status != HttpStatusCode.BadRequest)
        {
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        }

        return problem;
    }
}
