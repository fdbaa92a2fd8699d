using System.Net;
using KnowledgeHub.Features.Notifications;
using KnowledgeHub.Tests.Infrastructure;
using Marten;

namespace KnowledgeHub.Tests.Forum;

/// <summary>What people write is checked with a clear message beside the field, and never lost.</summary>
public sealed class WritingTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_reply_that_fails_keeps_its_text_in_the_form_and_as_a_draft()
    {
        var member = await Members.AddAsync();
        var client = await Members.SignedInAsync(member);
        var id = await client.StartThreadAsync("peer-learning", "Drafts must survive", "Opening.");
        var tooLong = "Important field notes. " + new string('x', 32_000);

        var failed = await client.ReplyAsync(id, tooLong);
        Assert.Equal(HttpStatusCode.OK, failed.Status);
        Assert.Contains("up to 32000 characters", failed.ErrorFor("Body"));
        Assert.Equal(tooLong, failed.ValueOf("Body"));

        var later = await client.GetAsync($"/t/{id}"); // a dropped connection, a new visit: the draft is back
        Assert.Contains("draft is restored", later.Text);
        Assert.StartsWith("Important field notes.", later.ValueOf("Body"));
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "", "Write something first" },
        { "Text with a NUL \0 inside", "invisible or invalid characters" },
        { "Reversed \u202E text", "invisible or invalid characters" },
        { new string('>', 3000) + " deep quote", "too complex to display" },
        { string.Concat(Enumerable.Repeat("[a](", 7000)), "too complex to display" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_post_text_gets_a_message_beside_the_field_never_a_500(string body, string message)
    {
        var client = await Members.SignedInAsync(await Members.AddAsync());
        var page = await client.SubmitAsync("/spaces/peer-learning/new", new Dictionary<string, string> { ["Title"] = "A fine title", ["Body"] = body, ["Tags"] = "" });
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, page.ErrorFor("Body"));
        Assert.Equal("A fine title", page.ValueOf("Title"));
    }

    [Theory]
    [InlineData("Hi", "Title", "at least 5 characters")]
    [InlineData("A fine title", "Tags", "at most 5 tags")]
    [InlineData("A fine title", "Tags2", "single words")]
    public async Task Bad_titles_and_tags_get_messages(string title, string field, string message)
    {
        var client = await Members.SignedInAsync(await Members.AddAsync());
        var tags = field switch { "Tags" => "a,b,c,d,e,f", "Tags2" => "<script>", _ => "" };
        var page = await client.SubmitAsync("/spaces/peer-learning/new", new Dictionary<string, string> { ["Title"] = title, ["Body"] = "Body text", ["Tags"] = tags });
        Assert.Contains(message, page.ErrorFor(field == "Tags2" ? "Tags" : field));
        Assert.Equal("Body text", page.ValueOf("Body"));
    }

    [Fact]
    public async Task Hostile_markdown_is_stored_sanitized_and_served_as_stored()
    {
        var client = await Members.SignedInAsync(await Members.AddAsync());
        var id = await client.StartThreadAsync("peer-learning", "Hostile content test", "[x](javascript:alert(1)) <script>alert(2)</script> <img src=x onerror=alert(3)> [ok](https://example.org)");
        var post = (await App.PostsAsync(id))[0];
        Assert.DoesNotContain("javascript:", post.Html);
        Assert.DoesNotContain("<script", post.Html);
        Assert.Contains("rel=\"nofollow ugc noopener\"", post.Html);
        var page = await Client().GetAsync($"/t/{id}");
        Assert.Empty(page.Document.QuerySelectorAll(".post-body script, .post-body [onerror], .post-body img"));
    }

    [Fact]
    public async Task Mentions_and_replies_notify_and_the_counter_shows_them()
    {
        var asha = await Members.AddAsync("Asha Gurung");
        var rafiq = await Members.AddAsync("Rafiq Islam");
        var ashaClient = await Members.SignedInAsync(asha);
        var id = await ashaClient.StartThreadAsync("peer-learning", "Who has tried parent clubs?", $"@{rafiq.Handle} you mentioned this last year.");
        var rafiqClient = await Members.SignedInAsync(rafiq);
        var home = await rafiqClient.GetAsync("/");
        Assert.Equal("1", home.Document.QuerySelector("[data-notification-count]")!.TextContent.Trim());
        var list = await rafiqClient.GetAsync("/notifications");
        Assert.Contains("Asha Gurung mentioned you in “Who has tried parent clubs?”", list.Text);

        await rafiqClient.ReplyAsync(id, "Yes, in two districts.");
        await using (var session = App.Store.QuerySession())
        {
            var toAsha = await session.Query<Notification>().Where(n => n.MemberId == asha.Id).ToListAsync();
            Assert.Equal(NotificationKind.ReplyToYou, Assert.Single(toAsha).Kind);
        }

        var opened = await rafiqClient.SubmitAsync("/notifications", new Dictionary<string, string>(), "form[action*='handler=Open']");
        Assert.Equal($"/t/{id}/1", opened.Location);
        Assert.True((await rafiqClient.GetAsync("/")).Document.QuerySelector("[data-notification-count]")!.HasAttribute("hidden"));
    }

    [Fact]
    public async Task New_members_are_limited_to_a_few_posts_an_hour()
    {
        var client = await Members.SignedInAsync(await Members.AddAsync("Newcomer"));
        var id = await client.StartThreadAsync("peer-learning", "My first thread here", "Hello.");
        for (var i = 0; i < 9; i++) Assert.Equal(HttpStatusCode.Redirect, (await client.ReplyAsync(id, $"Reply {i}")).Status);
        var limited = await client.ReplyAsync(id, "One too many, but kept.");
        Assert.Contains("times an hour", limited.ErrorFor("Body"));
        Assert.Equal("One too many, but kept.", limited.ValueOf("Body"));
    }
}
