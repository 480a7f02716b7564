using OurSociety.Web.Federation;
using OurSociety.Web.Federation.Inbox;

namespace OurSociety.Web.Features.Federation;

/// <summary>
/// The inboxes: <c>POST /inbox</c> (shared), <c>/actor/inbox</c> (instance actor) and <c>/users/{username}/inbox</c>.
/// Served on their own short pipeline branch (see Program.cs), so they are matched here rather than by routing.
/// </summary>
internal static class InboxEndpoints
{
    public static async Task ReceiveAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        string? username = null;
        if (path is not ("/inbox" or "/actor/inbox"))
        {
            const string prefix = "/users/";
            var name = path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..^"/inbox".Length] : "";
            if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal))
            {
                await ApResults.Refuse(StatusCodes.Status404NotFound, "no such inbox").ExecuteAsync(http);
                return;
            }

            username = Uri.UnescapeDataString(name);
        }

        var receiver = http.RequestServices.GetRequiredService<InboxReceiver>();
        var result = await receiver.ReceiveAsync(http, username, http.RequestAborted);
        await result.ExecuteAsync(http);
    }
}
