using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OurSociety.Core;
using OurSociety.Core.Posts;
using OurSociety.Storage.Sql;
using OurSociety.Testing;
using OurSociety.Web.Tests.Settings;

namespace OurSociety.Web.Tests.Posts;

/// <summary>Posting the story and lesson forms as a browser with JavaScript off does, and counting what got stored.</summary>
internal static partial class PostPageKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A picture file for a form's file field.</summary>
    public sealed record Upload(string Field, byte[] Bytes, string FileName = "photo.png", string ContentType = "image/png");

    /// <summary>Loads the page and posts its form as multipart/form-data (as the story form is), with its token.</summary>
    public static async Task<HttpResponseMessage> PostMultipartAsync(
        this Browserless browser, string pageUrl, string action, IEnumerable<KeyValuePair<string, string>> fields, params Upload[] files)
    {
        var (status, html) = await browser.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, status);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(TestForms.Token(html, action)), TestForms.TokenField },
        };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
            content.Add(part, file.Field, file.FileName);
        }

        return await browser.Client.PostAsync(action, content, Ct);
    }

    /// <summary>The post id in a redirect to <c>/stories/{id}?…</c> or <c>/lessons/{id}?…</c>.</summary>
    public static Guid RedirectedPostId(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var match = PostPath().Match(response.Headers.Location?.OriginalString ?? "");
        Assert.True(match.Success, $"Not a post address: {response.Headers.Location}");
        return Guid.Parse(match.Groups["id"].Value);
    }

    /// <summary>The fields with one set (or replaced): a form sends each name once.</summary>
    public static Dictionary<string, string> With(this Dictionary<string, string> fields, string name, string value) =>
        new(fields) { [name] = value };

    public static Task<long> CountPostsAsync(this NodeFactory node, Guid authorId) =>
        CountAsync(node, "SELECT COUNT(*) FROM post WHERE author_id = $id", authorId);

    public static Task<long> CountMediaAsync(this NodeFactory node, Guid ownerId) =>
        CountAsync(node, "SELECT COUNT(*) FROM media WHERE owner_id = $id", ownerId);

    public static async Task<Post> StoryAsync(this NodeFactory node, Guid authorId, string title, Visibility visibility = Visibility.Public, bool draft = false)
    {
        var outcome = await node.Service<PostService>().CreateStoryAsync(authorId,
            new StoryInput(title, null, "The story of " + title, ["testing"], null, null, Visibilities.Name(visibility), draft, null), Ct);
        return outcome is Outcome<Post>.Ok(var post) ? post : throw new InvalidOperationException(outcome.ToString());
    }

    public static async Task<Post> LessonAsync(this NodeFactory node, Guid authorId, string title, IReadOnlyList<string>? sources = null, string? adaptedFrom = null)
    {
        var outcome = await node.Service<PostService>().CreateLessonAsync(authorId,
            new LessonInput(title, "A small town", "Leaflets", "Few came", "Knock on doors", "Start small", ["testing"], sources, adaptedFrom, null, null, false), Ct);
        return outcome is Outcome<Post>.Ok(var post) ? post : throw new InvalidOperationException(outcome.ToString());
    }

    public static async Task<Post> ReplyAsync(this NodeFactory node, Guid authorId, Post parent, string body, string? tried = null)
    {
        var outcome = await node.Service<PostService>().ReplyAsync(authorId, parent, new ReplyInput(body, tried), Ct);
        return outcome is Outcome<Post>.Ok(var post) ? post : throw new InvalidOperationException(outcome.ToString());
    }

    public static async Task<string> BodyAsync(this HttpResponseMessage response) => await response.Content.ReadAsStringAsync(Ct);

    public static int Occurrences(this string html, string part)
    {
        var count = 0;
        for (var i = html.IndexOf(part, StringComparison.Ordinal); i >= 0; i = html.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static async Task<long> CountAsync(NodeFactory node, string sql, Guid id)
    {
        await using var connection = await node.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$id";
        parameter.Value = id.ToString("D");
        command.Parameters.Add(parameter);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    [GeneratedRegex("^/(stories|lessons)/(?<id>[0-9a-f-]{36})")]
    private static partial Regex PostPath();
}
