using System.Net;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Tests.Forum;

public sealed class ThreadTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_member_starts_a_thread_another_replies_and_everyone_can_read_it()
    {
        var asha = await Members.SignedInAsync(await Members.AddAsync("Asha Gurung"));
        var rafiq = await Members.SignedInAsync(await Members.AddAsync("Rafiq Islam"));
        var id = await asha.StartThreadAsync("peer-learning", "Home visits in hill districts", "How do you **schedule** home visits when roads close?", tags: "home-visits, rural");
        var replied = await rafiq.ReplyAsync(id, "We plan by *season*: visits cluster before the monsoon.", replyTo: 1);
        Assert.Equal(HttpStatusCode.Redirect, replied.Status);
        Assert.EndsWith("#p2", replied.Location);

        var page = await Client().GetAsync($"/t/{id}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Home visits in hill districts", page.Document.QuerySelector("h1")!.TextContent);
        Assert.Equal("schedule", page.Document.QuerySelector("#p1 .post-body strong")!.TextContent);
        Assert.Equal("season", page.Document.QuerySelector("#p2 .post-body em")!.TextContent);
        Assert.Contains("in reply to #1", page.Document.QuerySelector("#p2")!.TextContent);
        Assert.Contains("home-visits", page.Text);

        var list = await Client().GetAsync("/spaces/peer-learning");
        Assert.Contains("Home visits in hill districts", list.Text);
        Assert.Contains("2 posts", list.Text);
    }

    [Fact]
    public async Task A_thread_page_reads_its_thread_and_space_again_once_either_changes_however_it_was_changed()
    {
        var asha = await Members.SignedInAsync(await Members.AddAsync("Asha Kept"));
        var id = await asha.StartThreadAsync("peer-learning", "Kept between views", "The opening post.");
        Assert.Contains("Kept between views", (await asha.GetAsync($"/t/{id}")).Document.QuerySelector("h1")!.TextContent);
        Assert.Contains("Kept between views", (await asha.GetAsync($"/t/{id}")).Document.QuerySelector("h1")!.TextContent); // kept now

        // Written straight to the database, as another node or a migration would: no event reaches this node.
        await using (var session = App.Store.LightweightSession())
        {
            var thread = await session.LoadAsync<ForumThread>(id);
            thread!.Title = "Renamed elsewhere";
            session.Store(thread);
            await session.SaveChangesAsync();
        }
        Assert.Contains("Renamed elsewhere", (await asha.GetAsync($"/t/{id}")).Document.QuerySelector("h1")!.TextContent);

        await App.Store.SetVisibilityAsync("spaces/peer-learning", SpaceVisibility.Private); // Asha is not a member of the now private space
        try { Assert.Equal(HttpStatusCode.NotFound, (await asha.GetAsync($"/t/{id}")).Status); }
        finally { await App.Store.SetVisibilityAsync("spaces/peer-learning", SpaceVisibility.Public); }
        Assert.Equal(HttpStatusCode.OK, (await asha.GetAsync($"/t/{id}")).Status);
    }

    [Fact]
    public async Task Thread_ids_in_urls_are_random_guids()
    {
        var asha = await Members.SignedInAsync(await Members.AddAsync());
        var a = await asha.StartThreadAsync("peer-learning", "First of two threads", "one");
        var b = await asha.StartThreadAsync("peer-learning", "Second of two threads", "two");
        Assert.Equal(4, a.Version);
        Assert.Equal(4, b.Version);
    }

    [Fact]
    public async Task A_permalink_to_any_reply_lands_on_the_right_page_and_unread_jumps_to_the_first_unread()
    {
        var author = await Members.AddAsync();
        var id = await App.SeedThreadAsync(author, "peer-learning", 45);
        var link = await Client().GetAsync($"/t/{id}/45");
        Assert.Equal($"/t/{id}?p=3#p45", link.Location);
        Assert.Equal($"/t/{id}?p=2#p21", (await Client().GetAsync($"/t/{id}/21")).Location);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/t/{id}/46")).Status);

        var page = await Client().GetAsync($"/t/{id}?p=3");
        Assert.Equal(5, page.Document.QuerySelectorAll("article.post").Length);
        Assert.NotNull(page.Document.QuerySelector("#p45"));

        var reader = await Members.SignedInAsync(await Members.AddAsync("Reader"));
        await reader.GetAsync($"/t/{id}"); // reads page 1: posts 1-20
        Assert.Equal($"/t/{id}?p=2#p21", (await reader.GetAsync($"/t/{id}/unread")).Location);
        Assert.Contains("25 unread", (await reader.GetAsync("/spaces/peer-learning")).Text);

        // A post's Quote link, followed from page 2 as a browser resolves it, starts a reply quoting that post.
        var second = await reader.GetAsync($"/t/{id}?p=2");
        var quote = new Uri(new Uri($"http://localhost/t/{id}?p=2"), second.Document.QuerySelector("#p30 a[href*='quote=30']")!.GetAttribute("href")!);
        var replying = await reader.GetAsync(quote.PathAndQuery);
        Assert.Equal($"/t/{id}", quote.AbsolutePath);
        Assert.StartsWith($"> **{author.Name}** (#30):", replying.Document.QuerySelector("form[data-reply-form] textarea")!.TextContent);
        Assert.NotNull(replying.Document.QuerySelector("form[data-reply-form] input[name='ReplyTo'][value='30']"));
    }

    [Fact]
    public async Task Editing_keeps_earlier_versions_that_readers_can_open_and_a_stale_edit_keeps_the_text()
    {
        var asha = await Members.SignedInAsync(await Members.AddAsync("Asha"));
        var id = await asha.StartThreadAsync("peer-learning", "Parenting groups that last", "First wording.");
        var post = (await App.PostsAsync(id))[0];
        var staleForm = await asha.GetAsync($"/posts/{post.Id}/edit");

        var saved = await asha.SubmitAsync($"/posts/{post.Id}/edit", new Dictionary<string, string> { ["Body"] = "Second wording.", ["Title"] = "Parenting groups that last a year" });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var page = await Client().GetAsync($"/t/{id}");
        Assert.Contains("Second wording.", page.Text);
        Assert.Contains("Parenting groups that last a year", page.Document.QuerySelector("h1")!.TextContent);
        var revisions = await Client().GetAsync($"/posts/{post.Id}/revisions");
        Assert.Contains("First wording.", revisions.Text);
        Assert.Contains("Second wording.", revisions.Text);

        var stale = await asha.PostAsync($"/posts/{post.Id}/edit", [
            new("__RequestVerificationToken", staleForm.ValueOf("__RequestVerificationToken")!), new("BaseRevisions", "0"),
            new("Body", "Third wording from an old tab."), new("Title", "Parenting groups that last")]);
        Assert.Equal(HttpStatusCode.OK, stale.Status);
        Assert.Contains("Someone edited this post", stale.Text);
        Assert.Contains("Third wording from an old tab.", stale.ValueOf("Body"));
        Assert.Equal("Second wording.", (await App.PostsAsync(id))[0].Markdown);
    }

    [Fact]
    public async Task Others_cannot_edit_or_delete_a_post_but_a_moderator_can_delete_with_a_reason()
    {
        var asha = await Members.SignedInAsync(await Members.AddAsync("Asha"));
        var id = await asha.StartThreadAsync("peer-learning", "A thread to moderate", "Opening post.");
        await asha.ReplyAsync(id, "A reply with a problem.");
        var reply = (await App.PostsAsync(id))[1];

        var other = await Members.SignedInAsync(await Members.AddAsync("Other"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/posts/{reply.Id}/edit")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/posts/{reply.Id}/delete")).Status);

        var moderator = await Members.SignedInAsync(await Members.AddAsync("Mod", roles: Role.Moderator));
        var noReason = await moderator.SubmitAsync($"/posts/{reply.Id}/delete", new Dictionary<string, string> { ["Reason"] = "" });
        Assert.Contains("Say why", noReason.ErrorFor("Reason"));
        var deleted = await moderator.SubmitAsync($"/posts/{reply.Id}/delete", new Dictionary<string, string> { ["Reason"] = "Shared a child's full name" });
        Assert.Equal(HttpStatusCode.Redirect, deleted.Status);

        var page = await Client().GetAsync($"/t/{id}");
        Assert.DoesNotContain("A reply with a problem.", page.Text);
        Assert.Contains("deleted by Mod: Shared a child's full name", page.Document.QuerySelector("#p2")!.TextContent);
        Assert.Contains("deleted post in", (await (await Members.SignedInAsync(await Members.AddAsync("Admin", roles: Role.Administrator))).GetAsync("/admin")).Text);
    }

    [Fact]
    public async Task Deleting_the_first_post_removes_the_thread_from_lists_and_from_readers()
    {
        var asha = await Members.SignedInAsync(await Members.AddAsync("Asha"));
        var id = await asha.StartThreadAsync("peer-learning", "Posted by mistake", "Oops.");
        var first = (await App.PostsAsync(id))[0];
        var deleted = await asha.SubmitAsync($"/posts/{first.Id}/delete", new Dictionary<string, string> { ["Reason"] = "" });
        Assert.Equal("/spaces/peer-learning", deleted.Location);
        Assert.DoesNotContain("Posted by mistake", (await Client().GetAsync("/spaces/peer-learning")).Text);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/t/{id}")).Status);
    }

    [Fact]
    public async Task Reactions_toggle_and_a_question_gets_an_accepted_answer()
    {
        var asker = await Members.SignedInAsync(await Members.AddAsync("Asker"));
        var helper = await Members.SignedInAsync(await Members.AddAsync("Helper"));
        var id = await asker.StartThreadAsync("research-and-data", "Which tool measures school readiness?", "Looking for a tested tool.", kind: "Question");
        await helper.ReplyAsync(id, "Try a population-level measure that teachers fill in.");
        var answer = (await App.PostsAsync(id))[1];

        await asker.SubmitAsync($"/t/{id}", new Dictionary<string, string> { ["react"] = "2:thanks" }, "#actions");
        Assert.Single((await App.PostsAsync(id))[1].Reactions["thanks"]);
        await asker.SubmitAsync($"/t/{id}", new Dictionary<string, string> { ["react"] = "2:thanks" }, "#actions");
        Assert.False((await App.PostsAsync(id))[1].Reactions.ContainsKey("thanks")); // toggled off

        Assert.Null((await helper.GetAsync($"/t/{id}")).Document.QuerySelector("#p2 button[formaction*='handler=Accept']")); // only the asker
        var accept = (await asker.GetAsync($"/t/{id}")).Document.QuerySelector("#p2 button[formaction*='handler=Accept']")!;
        Assert.Equal(("actions", "number", "2"), (accept.Closest("form")?.Id, accept.GetAttribute("name"), accept.GetAttribute("value")));
        await asker.SubmitAsync($"/t/{id}", new Dictionary<string, string> { ["number"] = "2" }, "#actions", extra: null, handler: null, action: accept.GetAttribute("formaction"));
        var page = await Client().GetAsync($"/t/{id}");
        Assert.Contains("Accepted answer", page.Document.QuerySelector("#p2")!.TextContent);
        Assert.Contains("Answered", (await Client().GetAsync("/spaces/research-and-data")).Text);
    }

    [Fact]
    public async Task Readers_share_rendered_posts_yet_each_sees_their_own_reactions_links_and_form_token()
    {
        var asha = await Members.SignedInAsync(await Members.AddAsync("Asha Shared"));
        var rafiq = await Members.SignedInAsync(await Members.AddAsync("Rafiq Shared"));
        var id = await asha.StartThreadAsync("peer-learning", "Rendered once, read by many", "The opening post.");
        await rafiq.ReplyAsync(id, "The first reply.");
        var opening = (await App.PostsAsync(id))[0];
        await rafiq.SubmitAsync($"/t/{id}", new Dictionary<string, string> { ["react"] = "1:like" }, "#actions");

        var rafiqs = await rafiq.GetAsync($"/t/{id}"); // renders the posts first, as Rafiq sees them
        var ashas = await asha.GetAsync($"/t/{id}");
        string Pressed(Page page) => page.Document.QuerySelector("#p1 button[value='1:like']")!.GetAttribute("aria-pressed")!;
        Assert.Equal("true", Pressed(rafiqs));
        Assert.Equal("false", Pressed(ashas));
        Assert.Equal("1", ashas.Document.QuerySelector("#p1 button[value='1:like'] .count")!.TextContent);
        Assert.NotNull(ashas.Document.QuerySelector("#p1 a[href$='/edit']"));
        Assert.Null(ashas.Document.QuerySelector("#p2 a[href$='/edit']"));
        Assert.NotNull(rafiqs.Document.QuerySelector("#p2 a[href$='/edit']"));
        Assert.Null(rafiqs.Document.QuerySelector("#p1 a[href$='/edit']"));

        // Posts carry no token: their buttons submit the page's one form, which carries the reader's own token, never another's.
        Assert.Empty(ashas.Document.QuerySelectorAll("article.post input, article.post form"));
        Assert.All(ashas.Document.QuerySelectorAll("article.post button"), b => Assert.Equal("actions", b.Closest("form")?.Id));
        // A reaction's name says what it is and how many gave it; a reaction nobody gave shows no count.
        Assert.Equal(("Like (1)", "Like"), (ashas.Document.QuerySelector("#p1 button[value='1:like']")!.GetAttribute("aria-label"),
            ashas.Document.QuerySelector("#p1 button[value='1:like']")!.GetAttribute("title")));
        Assert.Equal("Thanks", ashas.Document.QuerySelector("#p1 button[value='1:thanks']")!.GetAttribute("aria-label"));
        Assert.Null(ashas.Document.QuerySelector("#p1 button[value='1:thanks'] .count"));
        string Token(Page page, string form) => page.Document.QuerySelector($"{form} input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        Assert.Equal(Token(ashas, "form[data-reply-form]"), Token(ashas, "#actions"));
        Assert.Equal(Token(rafiqs, "form[data-reply-form]"), Token(rafiqs, "#actions"));
        Assert.NotEqual(Token(ashas, "#actions"), Token(rafiqs, "#actions"));
        var reacted = await asha.SubmitAsync($"/t/{id}", new Dictionary<string, string> { ["react"] = "2:thanks" }, "#actions");
        Assert.Equal(HttpStatusCode.Redirect, reacted.Status);
        Assert.Single((await App.PostsAsync(id))[1].Reactions["thanks"]);
        // A button for a post that is not there, or a value that is not one, is a notice, never an error.
        foreach (var bad in new[] { "9:like", "0:like", "x:like", "2", "2:shout", "" })
        {
            var refused = await asha.SubmitAsync($"/t/{id}", new Dictionary<string, string> { ["react"] = bad }, "#actions");
            Assert.Equal(HttpStatusCode.Redirect, refused.Status);
        }
        Assert.Single((await App.PostsAsync(id))[1].Reactions["thanks"]);
        Assert.Equal(2, (await App.PostsAsync(id))[1].Reactions.Values.Sum(r => r.Count) + (await App.PostsAsync(id))[0].Reactions.Values.Sum(r => r.Count));

        // Any change to a post shows on the next view, to readers whose rendering was shared.
        var reply = (await App.PostsAsync(id))[1];
        await rafiq.SubmitAsync($"/posts/{reply.Id}/edit", new Dictionary<string, string> { ["Body"] = "The first reply, reworded." });
        Assert.Contains("The first reply, reworded.", (await asha.GetAsync($"/t/{id}")).Document.QuerySelector("#p2")!.TextContent);
        Assert.Equal("1", (await rafiq.GetAsync($"/t/{id}")).Document.QuerySelector("#p2 button[value='2:thanks'] .count")!.TextContent);
    }

    [Fact]
    public async Task Members_share_one_page_shell_yet_each_sees_their_own_count_draft_bookmark_watch_level_and_token()
    {
        var asha = await Members.AddAsync("Asha Shell");
        var rafiq = await Members.AddAsync("Rafiq Shell");
        var lena = await Members.AddAsync("Lena Shell");
        var ashaClient = await Members.SignedInAsync(asha);
        var id = await ashaClient.StartThreadAsync("peer-learning", "One shell, many readers", $"@{rafiq.Handle} what did your district try?");
        await ashaClient.ReplyAsync(id, "A second post, so the page has replies.");
        var rafiqClient = await Members.SignedInAsync(rafiq);
        var lenaClient = await Members.SignedInAsync(lena);
        // Lena follows and bookmarks the thread, and leaves a reply that fails: it stays as her draft.
        await lenaClient.SubmitAsync($"/t/{id}", new Dictionary<string, string> { ["level"] = "Following" }, ".thread-tools form:nth-of-type(1)");
        await lenaClient.SubmitAsync($"/t/{id}", new Dictionary<string, string>(), ".thread-tools form:nth-of-type(2)");
        var lenasDraft = "Lena's unfinished notes on <parent clubs> & " + new string('x', 32_000);
        Assert.Equal(HttpStatusCode.OK, (await lenaClient.ReplyAsync(id, lenasDraft)).Status);

        var shells = App.Factory.Services.GetRequiredService<KnowledgeHub.Infrastructure.PageShells>();
        var ashas = await ashaClient.GetAsync($"/t/{id}"); // renders the shell
        var (hits, early) = (shells.Hits, shells.EarlyHits);
        var rafiqs = await rafiqClient.GetAsync($"/t/{id}");
        var lenas = await lenaClient.GetAsync($"/t/{id}");
        var ashasAgain = await ashaClient.GetAsync($"/t/{id}");
        Assert.True(shells.Hits >= hits + 3, "members like each other are answered from one shell");
        Assert.True(shells.EarlyHits >= early + 1, "a member whose posts are known too is answered before MVC runs");

        // The unread count is each member's own (Rafiq was mentioned).
        Assert.Equal("1", rafiqs.Document.QuerySelector("[data-notification-count]")!.TextContent.Trim());
        Assert.True(lenas.Document.QuerySelector("[data-notification-count]")!.HasAttribute("hidden"));
        Assert.True(ashas.Document.QuerySelector("[data-notification-count]")!.HasAttribute("hidden"));
        // Watch levels, bookmarks and drafts are each member's own.
        string Level(Page page) => page.Document.QuerySelector("select[name='level'] option[selected]")!.GetAttribute("value")!;
        string Bookmark(Page page) => page.Document.QuerySelector(".thread-tools form:nth-of-type(2) button")!.TextContent.Trim();
        Assert.Equal("Following", Level(lenas));
        Assert.Equal("Normal", Level(rafiqs));
        Assert.Equal("Following", Level(ashasAgain)); // authors follow their threads
        Assert.Equal("Remove bookmark", Bookmark(lenas));
        Assert.Equal("Bookmark", Bookmark(rafiqs));
        Assert.StartsWith("Lena's unfinished notes on <parent clubs> & xxx", lenas.ValueOf("Body"));
        Assert.Contains("draft is restored", lenas.Text);
        foreach (var other in new[] { ashas, rafiqs, ashasAgain })
        {
            Assert.Equal("", other.ValueOf("Body"));
            Assert.DoesNotContain("draft is restored", other.Text);
            Assert.DoesNotContain("unfinished notes", other.Text);
        }
        // Every form on a page carries that request's one token: the member's own, never the one the shell was rendered with.
        foreach (var page in new[] { ashas, rafiqs, lenas, ashasAgain })
        {
            var tokens = page.Document.QuerySelectorAll("input[name='__RequestVerificationToken']").Select(i => i.GetAttribute("value")).Distinct().ToList();
            Assert.Single(tokens);
        }
        string Token(Page page) => page.ValueOf("__RequestVerificationToken")!;
        Assert.Equal(4, new[] { ashas, rafiqs, lenas, ashasAgain }.Select(Token).Distinct().Count());
        Assert.DoesNotContain(Token(ashas), rafiqs.Text);
        // The page is the same page: the posts, the reply form, the member's own name nowhere it should not be.
        Assert.Equal(2, lenas.Document.QuerySelectorAll("article.post").Length);
        Assert.DoesNotContain(asha.Id.ToString(), lenas.Document.QuerySelector("header.site-header")!.OuterHtml);
        var reacted = await rafiqClient.SubmitAsync($"/t/{id}", new Dictionary<string, string> { ["react"] = "2:like" }, "#actions");
        Assert.Equal(HttpStatusCode.Redirect, reacted.Status);
        Assert.Equal("true", (await rafiqClient.GetAsync($"/t/{id}")).Document.QuerySelector("#p2 button[value='2:like']")!.GetAttribute("aria-pressed"));
        Assert.Equal("false", (await lenaClient.GetAsync($"/t/{id}")).Document.QuerySelector("#p2 button[value='2:like']")!.GetAttribute("aria-pressed"));
        // A new reply changes the shell: everyone sees it on their next view.
        await rafiqClient.ReplyAsync(id, "Parent clubs met on market day.");
        Assert.Contains("Parent clubs met on market day.", (await lenaClient.GetAsync($"/t/{id}")).Text);
    }

    [Fact]
    public async Task Moderators_pin_lock_and_move_threads_and_a_locked_thread_takes_no_replies()
    {
        var asha = await Members.SignedInAsync(await Members.AddAsync("Asha"));
        var id = await asha.StartThreadAsync("peer-learning", "Thread to lock and move", "Opening.");
        var mod = await Members.SignedInAsync(await Members.AddAsync("Mod", roles: Role.Moderator));

        var threadPage = await asha.GetAsync($"/t/{id}");
        Assert.Null(threadPage.Document.QuerySelector("form[action$='handler=Lock']")); // members see no moderation tools
        var refused = await asha.PostAsync($"/t/{id}/moderate?handler=Lock", [new("__RequestVerificationToken", threadPage.ValueOf("__RequestVerificationToken")!)]);
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        await mod.SubmitAsync($"/t/{id}", new Dictionary<string, string>(), "form[action$='handler=Lock']");
        var lockedPage = await asha.GetAsync($"/t/{id}");
        Assert.Null(lockedPage.Document.QuerySelector("form[data-reply-form]"));
        Assert.Contains("This thread is locked", lockedPage.Text);
        var locked = await asha.PostAsync($"/t/{id}?handler=Reply", [new("__RequestVerificationToken", lockedPage.ValueOf("__RequestVerificationToken")!), new("Body", "Can I still reply?")]);
        Assert.Equal(HttpStatusCode.OK, locked.Status);
        Assert.Contains("locked", locked.Text);
        Assert.Single(await App.PostsAsync(id));

        await mod.SubmitAsync($"/t/{id}", new Dictionary<string, string> { ["spaceId"] = "spaces/inclusive-ecd" }, "form[action$='handler=Move']");
        Assert.Contains("Thread to lock and move", (await Client().GetAsync("/spaces/inclusive-ecd")).Text);
        Assert.DoesNotContain("Thread to lock and move", (await Client().GetAsync("/spaces/peer-learning")).Text);
        Assert.All(await App.PostsAsync(id), p => Assert.Equal("spaces/inclusive-ecd", p.SpaceId));
    }

    [Fact]
    public async Task Concurrent_replies_all_land_with_distinct_numbers()
    {
        var members = new List<Member>();
        for (var i = 0; i < 6; i++) members.Add(await Members.AddAsync($"Replier {i}"));
        var starter = await Members.SignedInAsync(members[0]);
        var id = await starter.StartThreadAsync("peer-learning", "Everyone answers at once", "Go!");
        var clients = new List<TestClient>();
        foreach (var m in members) clients.Add(await Members.SignedInAsync(m));

        var results = await Task.WhenAll(clients.SelectMany((c, i) => Enumerable.Range(0, 3).Select(j => c.ReplyAsync(id, $"Reply {i}-{j}"))));
        Assert.All(results, r => Assert.Equal(HttpStatusCode.Redirect, r.Status));
        var posts = await App.PostsAsync(id);
        Assert.Equal(19, posts.Count);
        Assert.Equal(Enumerable.Range(1, 19), posts.Select(p => p.Number));
        await using var session = App.Store.QuerySession();
        var thread = await session.LoadAsync<ForumThread>(id);
        Assert.Equal(19, thread!.PostCount);
        Assert.Equal(19, thread.EventSeq);
    }
}

public sealed class BookmarkTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Bookmarked_threads_are_listed_with_unread_counts_and_can_be_removed()
    {
        var asha = await Members.SignedInAsync(await Members.AddAsync("Asha"));
        var reader = await Members.SignedInAsync(await Members.AddAsync("Reader"));
        var id = await asha.StartThreadAsync("peer-learning", "Worth keeping", "Opening.");
        await reader.GetAsync($"/t/{id}");
        await reader.SubmitAsync($"/t/{id}", new Dictionary<string, string>(), "form:has(input[name=bookmark])");
        await asha.ReplyAsync(id, "News since.");
        var list = await reader.GetAsync("/bookmarks");
        Assert.Contains("Worth keeping", list.Text);
        Assert.Contains("1 unread", list.Text);
        await reader.SubmitAsync($"/t/{id}", new Dictionary<string, string>(), "form:has(input[name=bookmark])");
        Assert.DoesNotContain("Worth keeping", (await reader.GetAsync("/bookmarks")).Text);
    }
}
