using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OurSociety.Core.HelpRequests;
using OurSociety.Core.Members;
using OurSociety.Core.Notifications;
using OurSociety.Core.Paging;
using OurSociety.Testing;
using OurSociety.Web.Tests.Api;

namespace OurSociety.Web.Tests.Help;

internal static class HelpKit
{
    public const string Requests = ApiTestKit.Prefix + "/help-requests";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A member whose "can help with" is <paramref name="topics"/>.</summary>
    public static async Task<ApiUser> HelperAsync(this NodeFactory node, string username, params string[] topics)
    {
        var user = await node.ApiUserAsync(username);
        await node.Service<SkillService>().SetAsync(user.Member.Id, topics, [], Ct);
        return user;
    }

    /// <summary>Asks through the API and returns the created request.</summary>
    public static async Task<JsonElement> AskAsync(this ApiUser asker, string question, string[] topics, bool share = false) =>
        await (await asker.Client.PostAsJsonAsync(Requests, new { question, topics, shareWithHelpers = share }, Ct)).JsonAsync(HttpStatusCode.Created);

    /// <summary>The member's notifications about that request, as (kind, actor) pairs.</summary>
    public static async Task<List<(NotificationKind Kind, string Actor)>> NotificationsAboutAsync(this NodeFactory node, Guid memberId, Guid requestId)
    {
        var page = await node.Service<INotificationStore>().ListAsync(memberId, Cursor.Start, 100, Ct);
        return [.. page.Items.Where(n => n.Subject == HelpRequestService.Subject(requestId)).Select(n => (n.Kind, n.Actor))];
    }

    public static string Id(this Member member) => member.Id.ToString("D");
}
