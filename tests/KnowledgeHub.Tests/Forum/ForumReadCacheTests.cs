using System.Net;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KnowledgeHub.Tests.Forum;

/// <summary>
/// Thread pages answered from memory (<see cref="ForumReadCache"/>): used only while every change is heard, and no
/// change, from this node, another node or plain SQL, leaves a page stale; above all, no removed member keeps reading.
/// </summary>
public sealed class ForumReadCacheTests(AppFixture app) : AppTest(app)
{
    private static readonly TimeSpan Moments = TimeSpan.FromSeconds(5);

    private ForumReadCache Cache => App.Factory.Services.GetRequiredService<ForumReadCache>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await UntilAsync(() => Task.FromResult(Cache.Live), "the page cache hears changes", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_page_viewed_again_is_answered_from_memory_and_a_heard_change_refreshes_it()
    {
        var client = await Members.SignedInAsync(await Members.AddAsync());
        var id = await client.StartThreadAsync("peer-learning", "First title", "Body.");
        await client.GetAsync($"/t/{id}");
        await client.GetAsync($"/t/{id}"); // kept now: thread, space, reading, draft, count

        // A change nobody hears (the trigger is off) proves the page no longer reads the database...
        await SqlAsync("alter table knowledgehub.mt_doc_forumthread disable trigger kh_pages_thread");
        try
        {
            await SetTitleAsync(id, "Second title");
            var page = await client.GetAsync($"/t/{id}");
            Assert.Contains("First title", page.Document.Title);
        }
        finally
        {
            await SqlAsync("alter table knowledgehub.mt_doc_forumthread enable trigger kh_pages_thread");
        }
        // ...and a change that is heard (plain SQL, so only the database's notification tells this node) is shown.
        await SetTitleAsync(id, "Third title");
        await UntilAsync(async () => (await client.GetAsync($"/t/{id}")).Document.Title!.Contains("Third title"), "the new title", Moments);
    }

    [Fact]
    public async Task Another_nodes_changes_reach_this_nodes_page_within_moments()
    {
        var member = await Members.AddAsync("Dawa Lhamo");
        var colleague = await Members.AddAsync("Karma Wangchuk");
        await App.AddToSpaceAsync("network-secretariat", member);
        await App.AddToSpaceAsync("network-secretariat", colleague);
        var here = await Members.SignedInAsync(member);
        var id = await here.StartThreadAsync("network-secretariat", "Planning the annual meeting", "Dates and venue.");
        await here.GetAsync($"/t/{id}");
        Assert.Contains("Dates and venue", (await here.GetAsync($"/t/{id}")).Text);

        Assert.Contains("Network secretariat", (await here.GetAsync("/forum")).Text);
        Assert.Contains("Network secretariat", (await here.GetAsync("/forum")).Text); // the list of spaces is kept now
        await using var nodeB = new AppFactory(App);
        var there = await Members.SignedInAsync(colleague, nodeB);

        // A reply that mentions the member: the thread and their unread count change on node B.
        Assert.Equal(HttpStatusCode.Redirect, (await there.ReplyAsync(id, $"Thimphu in March, @{member.Handle}?")).Status);
        await UntilAsync(async () =>
        {
            var page = await here.GetAsync($"/t/{id}");
            return page.Text.Contains("Thimphu in March") && page.Document.QuerySelector("[data-notification-count]")!.TextContent.Trim() == "1";
        }, "the reply and the count from node B", Moments);

        // A draft kept on node B (the member writing in another tab that reached the other node).
        await using (var session = nodeB.Services.GetRequiredService<IDocumentStore>().LightweightSession())
            await Drafts.SaveAsync(session, member.Id, ThreadView.DraftKeyFor(id), null, "Half-written on node B", null, default);
        await UntilAsync(async () => (await here.GetAsync($"/t/{id}")).ValueOf("Body") == "Half-written on node B", "the draft from node B", Moments);

        // Removed from the private space on node B: this node stops showing the thread.
        await using (var session = nodeB.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            var space = (await session.LoadAsync<Space>("spaces/network-secretariat"))!;
            space.MemberIds.Remove(member.Id);
            session.Store(space);
            await session.SaveChangesAsync();
        }
        await UntilAsync(async () => (await here.GetAsync($"/t/{id}")).Status == HttpStatusCode.NotFound, "a 404 after the removal on node B", Moments);
        await UntilAsync(async () => !(await here.GetAsync("/forum")).Text.Contains("Network secretariat"), "the forum list without the space", Moments);
    }

    [Fact]
    public async Task A_name_changed_on_another_node_reaches_this_nodes_search_page_within_moments()
    {
        var author = await Members.AddAsync("Pema Yangzom");
        var client = await Members.SignedInAsync(author);
        await client.StartThreadAsync("peer-learning", "Storytelling circles", "Grandmothers telling stories in the village library.");
        await App.Factory.Services.GetRequiredService<KnowledgeHub.Infrastructure.Search.SearchIndex>().WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("Pema Yangzom", (await client.GetAsync("/search?q=grandmothers")).Text);
        Assert.Contains("Pema Yangzom", (await client.GetAsync("/search?q=grandmothers")).Text); // the name is kept now

        await using var nodeB = new AppFactory(App);
        await using (var session = nodeB.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            var member = (await session.LoadAsync<KnowledgeHub.Features.Members.Member>(author.Id))!;
            member.Name = "Pema Yangzom Dorji";
            session.Store(member);
            await session.SaveChangesAsync();
        }
        await UntilAsync(async () => (await client.GetAsync("/search?q=grandmothers")).Text.Contains("Pema Yangzom Dorji"), "the new name", Moments);
    }

    [Fact]
    public async Task This_nodes_own_writes_show_on_the_very_next_request()
    {
        var member = await Members.AddAsync("Sonam Choden");
        var colleague = await Members.SignedInAsync(await Members.AddAsync("Tashi Dorji"));
        var client = await Members.SignedInAsync(member);
        var id = await colleague.StartThreadAsync("peer-learning", "Home visits in the highlands", $"What worked for you, @{member.Handle}?");
        await client.GetAsync($"/t/{id}");
        Assert.Equal("1", (await client.GetAsync($"/t/{id}")).Document.QuerySelector("[data-notification-count]")!.TextContent.Trim());

        // "Mark all as read" is one patch by condition (no single document named): every kept count is forgotten at commit.
        await client.SubmitAsync("/notifications", new Dictionary<string, string>(), handler: "ReadAll");
        Assert.True((await client.GetAsync($"/t/{id}")).Document.QuerySelector("[data-notification-count]")!.HasAttribute("hidden"));

        // A failed reply keeps a draft; the page shows it straight away.
        await client.ReplyAsync(id, new string('x', 40_000));
        Assert.StartsWith("xxxx", (await client.GetAsync($"/t/{id}")).ValueOf("Body"));

        // Bookmarks and a reply show at once too.
        await client.SubmitAsync($"/t/{id}", new Dictionary<string, string> { ["bookmark"] = "true" }, handler: "Watch");
        Assert.Contains("Remove bookmark", (await client.GetAsync($"/t/{id}")).Text);
        Assert.Equal(HttpStatusCode.Redirect, (await client.ReplyAsync(id, "Weekly visits, with a radio programme between them.")).Status);
        Assert.Contains("with a radio programme", (await client.GetAsync($"/t/{id}")).Text);
    }

    [Fact]
    public async Task Without_the_database_notifications_nothing_kept_is_used()
    {
        var client = await Members.SignedInAsync(await Members.AddAsync());
        var id = await client.StartThreadAsync("peer-learning", "Before the outage", "Body.");
        await client.GetAsync($"/t/{id}");
        await client.GetAsync($"/t/{id}");

        await SqlAsync($"select pg_terminate_backend(pid) from pg_stat_activity where query = 'listen {ForumReadChanges.Channel}'");
        await UntilAsync(() => Task.FromResult(!Cache.Live), "the cache to stop", Moments);
        // A change made while nobody listens is never announced to this node...
        await SqlAsync("alter table knowledgehub.mt_doc_forumthread disable trigger kh_pages_thread");
        try { await SetTitleAsync(id, "During the outage"); }
        finally { await SqlAsync("alter table knowledgehub.mt_doc_forumthread enable trigger kh_pages_thread"); }
        // ...yet the page shows it: read from the database while not listening, and after listening again everything kept was forgotten.
        Assert.Contains("During the outage", (await client.GetAsync($"/t/{id}")).Document.Title);
        await UntilAsync(() => Task.FromResult(Cache.Live), "the cache to listen again", TimeSpan.FromSeconds(30));
        Assert.Contains("During the outage", (await client.GetAsync($"/t/{id}")).Document.Title);
    }

    private async Task SqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Retitles a thread in plain SQL, with a new row version as every Marten write gives it.</summary>
    private Task SetTitleAsync(Guid id, string title) => SqlAsync(
        $"update knowledgehub.mt_doc_forumthread set data = jsonb_set(data, '{{Title}}', to_jsonb('{title}'::text)), mt_version = gen_random_uuid() where id = '{id}'");

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what}");
            await Task.Delay(50);
        }
    }
}

/// <summary>The cache's own rules, without the app: what is kept, and when a keep must not happen.</summary>
public sealed class ForumReadCacheRulesTests
{
    private static readonly ForumReadCache.Key Thread = ForumReadCache.Key.Thread(Guid.NewGuid());

    private static ForumReadCache Live()
    {
        var cache = new ForumReadCache();
        cache.SetLive(true);
        return cache;
    }

    [Fact]
    public void Nothing_is_kept_or_answered_while_changes_are_not_heard()
    {
        var cache = new ForumReadCache();
        cache.Keep(Thread, "kept", cache.Stamp());
        Assert.False(cache.TryGet<string>(Thread, out _));

        cache.SetLive(true);
        cache.Keep(Thread, "kept", cache.Stamp());
        Assert.True(cache.TryGet<string>(Thread, out var value) && value == "kept");
        cache.SetLive(false);
        Assert.False(cache.TryGet<string>(Thread, out _));
        cache.SetLive(true);
        Assert.False(cache.TryGet<string>(Thread, out _)); // forgotten while not heard
    }

    [Fact]
    public void A_read_that_overlaps_any_change_is_not_kept()
    {
        var cache = Live();
        var stamp = cache.Stamp();
        cache.Forget(ForumReadCache.Key.Draft("someone else's")); // heard while the read was under way
        cache.Keep(Thread, "maybe old", stamp);
        Assert.False(cache.TryGet<string>(Thread, out _));
    }

    [Fact]
    public void Forgetting_a_kind_forgets_every_value_of_it_and_only_that_kind()
    {
        var cache = Live();
        var (first, second) = (ForumReadCache.Key.Space("spaces/a"), ForumReadCache.Key.Space("spaces/b"));
        var stamp = cache.Stamp();
        cache.Keep(first, "a", stamp);
        cache.Keep(second, "b", stamp);
        cache.Keep(Thread, "t", stamp);
        cache.ForgetKind(ForumReadCache.Kind.Space);
        Assert.False(cache.TryGet<string>(first, out _));
        Assert.False(cache.TryGet<string>(second, out _));
        Assert.True(cache.TryGet<string>(Thread, out _));
        cache.Keep(first, "a again", cache.Stamp());
        Assert.True(cache.TryGet<string>(first, out var again) && again == "a again");
    }

    [Fact]
    public void Nulls_and_counts_are_kept_as_answers_and_a_full_cache_starts_again()
    {
        var cache = Live();
        var (reading, unread) = (ForumReadCache.Key.Reading("m:t"), ForumReadCache.Key.Unread(Guid.NewGuid()));
        cache.Keep<Reading>(reading, null, cache.Stamp());
        cache.Keep(unread, 3, cache.Stamp());
        Assert.True(cache.TryGet<Reading>(reading, out var none) && none is null);
        Assert.True(cache.TryGet<int>(unread, out var count) && count == 3);

        cache.Keep(ForumReadCache.Key.Draft("m:reply:t"), "a very long draft", cache.Stamp(), weight: 100_000);
        Assert.False(cache.TryGet<int>(unread, out _)); // the table was cleared to make room
    }
}
