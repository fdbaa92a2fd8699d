using System.Net;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Tests.Forum;
using KnowledgeHub.Tests.Infrastructure;

namespace KnowledgeHub.Tests.Moderation;

public sealed class FlagTests(AppFixture app) : AppTest(app)
{
    private static Dictionary<string, string> Report(string reason, string note = "") => new() { ["Reason"] = reason, ["Note"] = note };

    [Fact]
    public async Task A_post_is_hidden_after_three_flags_until_a_moderator_keeps_it()
    {
        var author = await Members.SignedInAsync(await Members.AddAsync("Author"));
        var id = await author.StartThreadAsync("peer-learning", "Flag me", "Opening.");
        await author.ReplyAsync(id, "A contested reply.");
        var reply = (await App.PostsAsync(id))[1];

        for (var i = 0; i < 3; i++)
        {
            var reporter = await Members.SignedInAsync(await Members.AddAsync($"Reporter {i}"));
            var sent = await reporter.SubmitAsync($"/posts/{reply.Id}/flag", Report("Offensive"));
            Assert.Equal(HttpStatusCode.Redirect, sent.Status);
            Assert.Equal(i == 2, (await App.PostsAsync(id))[1].Hidden);
        }
        var visitorView = await Client().GetAsync($"/t/{id}");
        Assert.DoesNotContain("A contested reply.", visitorView.Text);
        Assert.Contains("hidden while moderators review", visitorView.Text);
        Assert.Contains("A contested reply.", (await author.GetAsync($"/t/{id}")).Text); // the author still sees it

        var moderator = await Members.SignedInAsync(await Members.AddAsync("Mod", roles: Role.Moderator));
        var queue = await moderator.GetAsync("/moderation");
        Assert.Contains("A contested reply.", queue.Text);
        Assert.Equal(3, queue.Document.QuerySelectorAll(".flagged li").Length);
        await moderator.SubmitAsync("/moderation", new Dictionary<string, string>(), ".flagged form", extra: [new("outcome", "Dismissed")]);
        Assert.Contains("A contested reply.", (await Client().GetAsync($"/t/{id}")).Text);
        Assert.Contains("No open reports", (await moderator.GetAsync("/moderation")).Text);
    }

    [Fact]
    public async Task A_child_safety_report_hides_at_once_and_removal_leaves_the_reason()
    {
        var author = await Members.SignedInAsync(await Members.AddAsync("Author"));
        var id = await author.StartThreadAsync("inclusive-ecd", "Photos from our centre", "Here is Maya, age 4, from Ward 7.");
        var first = (await App.PostsAsync(id))[0];
        var reporter = await Members.SignedInAsync(await Members.AddAsync("Reporter"));
        await reporter.SubmitAsync($"/posts/{first.Id}/flag", Report("ChildSafety", "Names a child and her ward."));
        Assert.True((await App.PostsAsync(id))[0].Hidden);

        var moderator = await Members.SignedInAsync(await Members.AddAsync("Mod", roles: Role.Moderator));
        await moderator.SubmitAsync("/moderation", new Dictionary<string, string> { ["reason"] = "Identified a child" }, ".flagged form:nth-of-type(2)", extra: [new("outcome", "Removed")]);
        var post = (await App.PostsAsync(id))[0];
        Assert.True(post.Deleted);
        Assert.Equal("Identified a child", post.DeletedReason);
        var admin = await Members.SignedInAsync(await Members.AddAsync("Admin", roles: Role.Administrator));
        Assert.Contains("removed flagged post in", (await admin.GetAsync("/admin")).Text);
    }

    [Fact]
    public async Task Members_cannot_flag_their_own_posts_or_see_the_queue_and_must_give_a_reason()
    {
        var author = await Members.SignedInAsync(await Members.AddAsync("Author"));
        var id = await author.StartThreadAsync("peer-learning", "Self flagging", "Opening.");
        var post = (await App.PostsAsync(id))[0];
        Assert.Null((await author.GetAsync($"/t/{id}")).Document.QuerySelector("a.flag"));
        Assert.Contains("your own post", (await author.SubmitAsync($"/posts/{post.Id}/flag", Report("Spam"))).Text);
        Assert.Equal(HttpStatusCode.NotFound, (await author.GetAsync("/moderation")).Status);

        var other = await Members.SignedInAsync(await Members.AddAsync("Other"));
        Assert.Contains("Choose a reason", (await other.SubmitAsync($"/posts/{post.Id}/flag", new Dictionary<string, string>())).Text);
        Assert.Contains("Say briefly what is wrong", (await other.SubmitAsync($"/posts/{post.Id}/flag", Report("Other"))).Text);
        await other.SubmitAsync($"/posts/{post.Id}/flag", Report("Spam"));
        await other.SubmitAsync($"/posts/{post.Id}/flag", Report("Spam")); // twice counts once
        Assert.Equal(1, (await App.PostsAsync(id))[0].OpenFlags);
    }
}

public sealed class FlagRemovalTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Removing_a_flagged_first_post_takes_the_thread_out_of_its_space_and_its_count()
    {
        var author = await Members.SignedInAsync(await Members.AddAsync("Author"));
        var id = await author.StartThreadAsync("inclusive-ecd", "To be removed by review", "Names a child.");
        var first = (await App.PostsAsync(id))[0];
        await (await Members.SignedInAsync(await Members.AddAsync("Reporter"))).SubmitAsync($"/posts/{first.Id}/flag", new Dictionary<string, string> { ["Reason"] = "ChildSafety", ["Note"] = "" });

        var moderator = await Members.SignedInAsync(await Members.AddAsync("Mod", roles: Role.Moderator));
        await moderator.SubmitAsync("/moderation", new Dictionary<string, string> { ["reason"] = "Identified a child" }, ".flagged form:nth-of-type(2)", extra: [new("outcome", "Removed")]);

        await using var session = App.Store.QuerySession();
        Assert.Equal(0, (await session.LoadAsync<KnowledgeHub.Features.Forum.Space>("spaces/inclusive-ecd"))!.ThreadCount);
        Assert.DoesNotContain("To be removed by review", (await Client().GetAsync("/spaces/inclusive-ecd")).Text);
    }
}
