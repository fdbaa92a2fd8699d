using System.Net;
using System.Text.Json;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Infrastructure.Search;
using KnowledgeHub.Tests.Forum;
using KnowledgeHub.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Tests.Search;

/// <summary>Search through the real app: the change feed, this node's index, the page and the API, and who may see what.</summary>
public sealed class SearchTests(AppFixture app) : AppTest(app)
{
    private SearchIndex Index => App.Factory.Services.GetRequiredService<SearchIndex>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The reset removes documents behind Marten's back (no change rows), so start each test from a rebuilt index.
        await SearchChanges.RequestRebuildAsync(App.Store, default);
        await Index.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
    }

    private Task CaughtUpAsync() => Index.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(5));

    private static async Task<JsonElement> ApiAsync(TestClient client, string query)
    {
        var page = await client.GetAsync("/api/search?" + query);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return JsonDocument.Parse(page.Text).RootElement;
    }

    [Fact]
    public async Task A_new_thread_and_reply_are_found_within_a_second_with_highlighted_snippets()
    {
        var author = await Members.SignedInAsync(await Members.AddAsync("Ayesha Rahman"));
        var id = await author.StartThreadAsync("peer-learning", "Home visits in the monsoon", "Our community health workers carry laminated picture cards.");
        await author.ReplyAsync(id, "We tried radio programmes for caregivers when roads flooded.");
        var started = DateTime.UtcNow;
        await CaughtUpAsync();
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(1), $"took {DateTime.UtcNow - started}");

        var page = await Client().GetAsync("/search?q=laminated");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var result = Assert.Single(page.Document.QuerySelectorAll(".result"));
        Assert.Contains("Home visits in the monsoon", result.TextContent);
        Assert.Equal("laminated", result.QuerySelector(".snippet mark")?.TextContent);
        Assert.Equal($"/t/{id}", result.QuerySelector("a.result-title")?.GetAttribute("href"));

        var reply = Assert.Single((await Client().GetAsync("/search?q=%22radio+programmes%22")).Document.QuerySelectorAll(".result"));
        Assert.Equal($"/t/{id}?p=1#p2", reply.QuerySelector("a.result-title")?.GetAttribute("href"));
        Assert.Empty((await Client().GetAsync("/search?q=submarine")).Document.QuerySelectorAll(".result"));
    }

    [Fact]
    public async Task Edits_deletions_and_moves_reach_the_index()
    {
        var moderator = await Members.AddAsync("Admin", roles: [KnowledgeHub.Features.Members.Role.Administrator]);
        var client = await Members.SignedInAsync(moderator);
        var id = await client.StartThreadAsync("peer-learning", "Playgroups in tea estates", "Crèche workers meet every Thursday.");
        await client.ReplyAsync(id, "Attendance rose after the lullaby contest.");
        await CaughtUpAsync();
        Assert.Equal(1, (await ApiAsync(Client(), "q=lullaby")).GetProperty("total").GetInt32());

        var posts = await App.PostsAsync(id);
        var edit = await client.SubmitAsync($"/posts/{posts[1].Id}/edit", new Dictionary<string, string> { ["Body"] = "Attendance rose after the storytelling contest." });
        Assert.Equal(HttpStatusCode.Redirect, edit.Status);
        await CaughtUpAsync();
        Assert.Equal(0, (await ApiAsync(Client(), "q=lullaby")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await ApiAsync(Client(), "q=storytelling")).GetProperty("total").GetInt32());

        var delete = await client.SubmitAsync($"/posts/{posts[1].Id}/delete", new Dictionary<string, string> { ["Reason"] = "Duplicate of another post" });
        Assert.Equal(HttpStatusCode.Redirect, delete.Status);
        await CaughtUpAsync();
        Assert.Equal(0, (await ApiAsync(Client(), "q=storytelling")).GetProperty("total").GetInt32());

        // Moving the thread into a private space hides every post of it from outsiders, at once.
        var move = await client.SubmitAsync($"/t/{id}", new Dictionary<string, string> { ["spaceId"] = "spaces/network-secretariat" }, "form[action$='handler=Move']");
        Assert.Equal(HttpStatusCode.Redirect, move.Status);
        await CaughtUpAsync();
        Assert.Equal(0, (await ApiAsync(Client(), "q=Thursday")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await ApiAsync(client, "q=Thursday")).GetProperty("total").GetInt32()); // administrators read every space
    }

    [Fact]
    public async Task A_private_threads_words_give_outsiders_no_hits_no_facet_counts_and_no_suggestions()
    {
        var insider = await Members.AddAsync("Insider");
        await App.AddToSpaceAsync("network-secretariat", insider);
        var insiderClient = await Members.SignedInAsync(insider);
        await insiderClient.StartThreadAsync("network-secretariat", "Zirconium budget negotiations", "The zirconium line item stays confidential.", tags: "zirconium");
        var outsider = await Members.SignedInAsync(await Members.AddAsync("Outsider"));
        await CaughtUpAsync();

        foreach (var client in new[] { outsider, Client() })
        {
            var json = await ApiAsync(client, "q=zirconium");
            Assert.Equal(0, json.GetProperty("total").GetInt32());
            foreach (var facet in json.GetProperty("facets").EnumerateObject()) Assert.Equal(0, facet.Value.GetArrayLength());
            var everything = await ApiAsync(client, "tag=zirconium");
            Assert.Equal(0, everything.GetProperty("total").GetInt32());
            Assert.Equal("[]", (await client.GetAsync("/api/search/suggest?q=zirco")).Text);
            Assert.Equal("[]", (await client.GetAsync("/api/search/similar?title=Zirconium+budget+negotiations")).Text);
            var page = await client.GetAsync("/search?q=zirconium");
            Assert.DoesNotContain("Zirconium", page.Text);
            Assert.DoesNotContain("network-secretariat", page.Text);
        }

        var inside = await ApiAsync(insiderClient, "q=zirconium");
        Assert.Equal(1, inside.GetProperty("total").GetInt32());
        Assert.Contains("Zirconium budget negotiations", (await insiderClient.GetAsync("/api/search/suggest?q=zirco")).Text);

        // A bad token is refused on every search endpoint, rather than answered as for a visitor.
        var forged = Client().Http;
        forged.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "kh_not-a-real-token");
        foreach (var path in new[] { "/api/search?q=zirconium", "/api/search/suggest?q=zirco", "/api/search/similar?title=Zirconium+budget" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync(path)).StatusCode);
    }

    [Theory]
    [InlineData("\"unbalanced quote")]
    [InlineData("(open bracket")]
    [InlineData("closing)] bracket}")]
    [InlineData("*")]
    [InlineData("?")]
    [InlineData("text:")]
    [InlineData("title:")]
    [InlineData("acl:public")]
    [InlineData("AND OR NOT")]
    [InlineData("[1 TO")]
    [InlineData("a~~~2")]
    [InlineData("\\")]
    [InlineData("/regex[/")]
    [InlineData("^^^")]
    [InlineData("-")]
    public async Task Broken_query_syntax_never_fails(string query)
    {
        var page = await Client().GetAsync("/search?q=" + Uri.EscapeDataString(query));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var api = await Client().GetAsync("/api/search?q=" + Uri.EscapeDataString(query));
        Assert.Equal(HttpStatusCode.OK, api.Status);
    }

    [Fact]
    public async Task Broken_syntax_falls_back_to_the_words_and_very_long_queries_are_cut_with_a_message()
    {
        var client = await Members.SignedInAsync(await Members.AddAsync("Writer"));
        await client.StartThreadAsync("peer-learning", "Toy libraries", "Rotating toy libraries in kindergartens.");
        await CaughtUpAsync();
        var json = await ApiAsync(Client(), "q=" + Uri.EscapeDataString("\"toy libraries"));
        Assert.Equal(1, json.GetProperty("total").GetInt32());
        Assert.Equal("LiteralFallback", json.GetProperty("notice").GetString());

        var longQuery = string.Join(' ', Enumerable.Repeat("toy", 2000));
        var page = await Client().GetAsync("/search?q=" + Uri.EscapeDataString(longQuery));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("too long", page.Text);
    }

    [Fact]
    public async Task Phrases_or_prefix_and_filters_with_facet_counts()
    {
        var client = await Members.SignedInAsync(await Members.AddAsync("Writer"));
        await client.StartThreadAsync("peer-learning", "Parenting groups in Bhutan", "Fathers joined the parenting sessions.", tags: "parenting, fathers");
        await client.StartThreadAsync("policy-and-advocacy", "Parenthood leave policy", "A costed proposal for parenthood leave.", tags: "policy"); // "parental" would stem to "parent" and match "parenting"
        await client.StartThreadAsync("peer-learning", "Sessions for grandparents", "Grandparents join parenting circles too.", tags: "parenting");
        // Counted among threads: authored content (case studies, courses) also talks about parenting.
        await CaughtUpAsync();

        Assert.Equal(2, (await ApiAsync(Client(), "type=thread&q=parenting")).GetProperty("total").GetInt32());
        Assert.Equal(3, (await ApiAsync(Client(), "type=thread&q=parent*")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await ApiAsync(Client(), "type=thread&q=" + Uri.EscapeDataString("\"parenting sessions\""))).GetProperty("total").GetInt32());
        Assert.Equal(2, (await ApiAsync(Client(), "type=thread&q=" + Uri.EscapeDataString("fathers OR grandparents"))).GetProperty("total").GetInt32());
        Assert.Equal(0, (await ApiAsync(Client(), "type=thread&q=" + Uri.EscapeDataString("fathers grandparents"))).GetProperty("total").GetInt32());
        Assert.Equal(1, (await ApiAsync(Client(), "type=thread&q=" + Uri.EscapeDataString("parent* -fathers -grandparents"))).GetProperty("total").GetInt32());

        var filtered = await ApiAsync(Client(), "q=parent*&space=spaces/peer-learning");
        Assert.Equal(2, filtered.GetProperty("total").GetInt32());
        // Drill sideways: the space facet still counts the other space, as if that value were chosen instead.
        var spaces = filtered.GetProperty("facets").GetProperty("space").EnumerateArray().ToDictionary(v => v.GetProperty("value").GetString()!, v => v.GetProperty("count").GetInt32());
        Assert.Equal(2, spaces["spaces/peer-learning"]);
        Assert.Equal(1, spaces["spaces/policy-and-advocacy"]);
        var tags = filtered.GetProperty("facets").GetProperty("tags").EnumerateArray().ToDictionary(v => v.GetProperty("value").GetString()!, v => v.GetProperty("count").GetInt32());
        Assert.Equal(2, tags["parenting"]);
        Assert.False(tags.ContainsKey("policy"));

        Assert.Equal(1, (await ApiAsync(Client(), "tag=policy")).GetProperty("total").GetInt32());
        Assert.Equal(3, (await ApiAsync(Client(), "type=thread&lang=en")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await ApiAsync(Client(), "type=thread&q=parent*&from=2001-01-01&to=2001-12-31")).GetProperty("total").GetInt32());
        Assert.Equal(3, (await ApiAsync(Client(), $"type=thread&q=parent*&from={DateTime.UtcNow:yyyy-MM-dd}")).GetProperty("total").GetInt32());
        var newest = await ApiAsync(Client(), "type=thread&q=parent*&sort=newest");
        Assert.Equal("Sessions for grandparents", newest.GetProperty("hits")[0].GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Client().GetAsync("/api/search?q=x&from=yesterday")).Status);

        // The page shows the same results, and its facet links work without JavaScript.
        var page = await Client().GetAsync("/search?q=parent*&space=spaces/peer-learning");
        Assert.Equal(2, page.Document.QuerySelectorAll(".result").Length);
        Assert.NotNull(page.Document.QuerySelector("a[href='/search?q=parent%2A&space=spaces%2Fpolicy-and-advocacy']"));
    }

    [Fact]
    public async Task Similar_threads_on_a_thread_page_and_before_posting()
    {
        var client = await Members.SignedInAsync(await Members.AddAsync("Writer"));
        var first = await client.StartThreadAsync("peer-learning", "Breastfeeding corners in markets", "Market associations set up breastfeeding corners with shade and water.");
        await client.StartThreadAsync("peer-learning", "More breastfeeding corners", "Which markets have breastfeeding corners now? We want shade and water too.");
        await CaughtUpAsync();

        var thread = await client.GetAsync($"/t/{first}");
        Assert.Contains("More breastfeeding corners", thread.Document.QuerySelector(".similar")?.TextContent ?? "");
        Assert.Contains("More breastfeeding corners", (await client.GetAsync("/api/search/similar?title=breastfeeding+corners+in+markets")).Text);

        var form = await client.GetAsync("/spaces/peer-learning/new");
        Assert.NotNull(form.Document.QuerySelector("button[formaction='?handler=Similar']"));
        var noJs = await client.PostAsync("/spaces/peer-learning/new?handler=Similar", [new("__RequestVerificationToken", form.ValueOf("__RequestVerificationToken")!),
            new("Title", "Breastfeeding corners"), new("Body", "Draft text kept")]);
        Assert.Equal(HttpStatusCode.OK, noJs.Status);
        Assert.Contains("Breastfeeding corners in markets", noJs.Document.QuerySelector("#similar-threads")?.TextContent ?? "");
        Assert.Equal("Draft text kept", noJs.Document.QuerySelector("textarea[name=Body]")?.TextContent);
    }

    [Fact]
    public async Task A_rebuild_gives_the_same_results_as_the_live_index()
    {
        var client = await Members.SignedInAsync(await Members.AddAsync("Writer"));
        for (var i = 0; i < 5; i++)
        {
            var id = await client.StartThreadAsync("peer-learning", $"Cohort {i} of home visitors", $"Cohort {i} trained {i * 10} visitors in responsive caregiving.");
            await client.ReplyAsync(id, $"Follow-up {i}: mentoring visits every month.");
        }
        await CaughtUpAsync();
        string[] queries = ["q=cohort", "q=mentoring", "q=visit*", "q=responsive+caregiving&sort=newest", "type=reply"];
        var live = new List<string>();
        foreach (var q in queries) live.Add((await ApiAsync(Client(), q)).GetProperty("hits").ToString() + (await ApiAsync(Client(), q)).GetProperty("facets"));

        await SearchChanges.RequestRebuildAsync(App.Store, default);
        await Index.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < queries.Length; i++)
            Assert.Equal(live[i], (await ApiAsync(Client(), queries[i])).GetProperty("hits").ToString() + (await ApiAsync(Client(), queries[i])).GetProperty("facets"));
    }

    [Fact]
    public async Task A_stopped_node_catches_up_from_the_change_feed_when_it_starts_again()
    {
        var folder = Directory.CreateTempSubdirectory("kh-node-b-").FullName;
        try
        {
            var settings = new Dictionary<string, string?> { ["Search:IndexPath"] = folder };
            await using (var nodeB = new AppFactory(App, settings))
            {
                await nodeB.Services.GetRequiredService<SearchIndex>().WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
            } // node B stops

            var client = await Members.SignedInAsync(await Members.AddAsync("Writer"));
            await client.StartThreadAsync("peer-learning", "Written while node B was down", "Quokka mascots for the preschool campaign.");
            await CaughtUpAsync();

            await using var restarted = new AppFactory(App, settings);
            var index = restarted.Services.GetRequiredService<SearchIndex>();
            await index.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
            var page = await restarted.Client().GetAsync("/api/search?q=quokka");
            Assert.Equal(1, JsonDocument.Parse(page.Text).RootElement.GetProperty("total").GetInt32());
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task A_reply_records_no_thread_or_space_change_but_a_space_turning_private_reaches_every_post()
    {
        var client = await Members.SignedInAsync(await Members.AddAsync("Writer"));
        var id = await client.StartThreadAsync("peer-learning", "Sand trays in the courtyard", "Children draw letters in wet sand.");
        await CaughtUpAsync();
        var before = await ChangeRowsAsync();
        await client.ReplyAsync(id, "We rake the trays every morning.");
        await CaughtUpAsync();
        // The reply bumps its thread's counters and its space's last activity; only the post itself is a change for search.
        Assert.Equal(["p:"], (await ChangeRowsAsync()).Skip(before.Count).Select(k => k[..2]).Distinct());

        await App.Store.SetVisibilityAsync("spaces/peer-learning", SpaceVisibility.Private);
        try
        {
            await CaughtUpAsync();
            Assert.Equal(0, (await ApiAsync(Client(), "q=sand")).GetProperty("total").GetInt32());
        }
        finally { await App.Store.SetVisibilityAsync("spaces/peer-learning", SpaceVisibility.Public); } // the reset between tests leaves visibility alone
    }

    /// <summary>The keys of the change feed, oldest first.</summary>
    private async Task<List<string>> ChangeRowsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select key from knowledgehub.search_changes order by seq", connection);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        return keys;
    }

    [Fact]
    public async Task Pruning_old_changes_makes_only_a_node_that_missed_them_rebuild_and_that_node_still_finds_everything()
    {
        var folder = Directory.CreateTempSubdirectory("kh-node-pruned-").FullName;
        try
        {
            var settings = new Dictionary<string, string?> { ["Search:IndexPath"] = folder };
            await using (var nodeB = new AppFactory(App, settings))
            {
                var index = nodeB.Services.GetRequiredService<SearchIndex>();
                await index.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
            } // node B stops

            var client = await Members.SignedInAsync(await Members.AddAsync("Writer"));
            await client.StartThreadAsync("peer-learning", "Written before the prune", "Wombat puppets for storytelling sessions.");
            await CaughtUpAsync();
            var rebuildsBefore = Index.Rebuilds;
            await using (var connection = new Npgsql.NpgsqlConnection(App.ConnectionString))
            {
                await connection.OpenAsync();
                await SearchChanges.PruneAsync(App.Store, connection, TimeSpan.Zero, default); // every change so far is old enough
                await using var count = new Npgsql.NpgsqlCommand("select count(*) from knowledgehub.search_changes", connection);
                Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
            }

            // Node A had read every pruned change: it goes on from its cursor without a rebuild.
            await client.StartThreadAsync("peer-learning", "Written after the prune", "Platypus finger puppets too.");
            await CaughtUpAsync();
            Assert.Equal(rebuildsBefore, Index.Rebuilds);
            Assert.Equal(1, (await ApiAsync(client, "q=platypus")).GetProperty("total").GetInt32());

            // Node B stopped before the wombat thread's change, which is gone from the feed now: it rebuilds and finds both.
            await using var restarted = new AppFactory(App, settings);
            var indexB = restarted.Services.GetRequiredService<SearchIndex>();
            await indexB.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(1, indexB.Rebuilds);
            foreach (var word in new[] { "wombat", "platypus" })
                Assert.Equal(1, JsonDocument.Parse((await restarted.Client().GetAsync("/api/search?q=" + word)).Text).RootElement.GetProperty("total").GetInt32());
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task Another_nodes_commit_wakes_the_indexer_through_the_database_notification()
    {
        // Node B polls only every ten minutes, so finding the write within seconds means LISTEN/NOTIFY woke it.
        var folder = Directory.CreateTempSubdirectory("kh-node-listen-").FullName;
        try
        {
            await using var nodeB = new AppFactory(App, new Dictionary<string, string?> { ["Search:IndexPath"] = folder, ["Search:PollMilliseconds"] = "600000" });
            var index = nodeB.Services.GetRequiredService<SearchIndex>();
            await index.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));

            var client = await Members.SignedInAsync(await Members.AddAsync("Writer"));
            await client.StartThreadAsync("peer-learning", "Written on node A", "Kangaroo care for newborns in district hospitals.");
            await index.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(5), wake: false);
            Assert.Equal(1, JsonDocument.Parse((await nodeB.Client().GetAsync("/api/search?q=kangaroo")).Text).RootElement.GetProperty("total").GetInt32());
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task The_search_page_works_without_a_query_and_shows_the_form()
    {
        var page = await Client().GetAsync("/search");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("form[role=search] input[name=q]"));
        Assert.NotNull(page.Document.QuerySelector("label[for=search-q]"));
        Assert.Empty(page.Document.QuerySelectorAll(".result"));
    }

    [Fact]
    public async Task Members_find_a_profile_by_what_it_says_visitors_do_not_and_a_suspended_member_drops_out()
    {
        var profile = await Members.AddAsync("Dorji Wangmo");
        async Task ChangeAsync(Action<KnowledgeHub.Features.Members.Member> change)
        {
            await using var session = App.Store.LightweightSession();
            var member = await session.LoadAsync<KnowledgeHub.Features.Members.Member>(profile.Id);
            change(member!);
            session.Store(member!);
            await session.SaveChangesAsync();
        }
        await ChangeAsync(m => { m.Expertise = ["teacher mentoring"]; m.Bio = "Twenty years of quillwork training for preschool teachers."; m.Country = "BT"; });
        var reader = await Members.SignedInAsync(await Members.AddAsync("Curious Reader"));
        await CaughtUpAsync();

        var found = await ApiAsync(reader, "q=quillwork");
        Assert.Equal(1, found.GetProperty("total").GetInt32());
        var hit = found.GetProperty("hits")[0];
        Assert.Equal(("member", "Dorji Wangmo", $"/members/{profile.Id}"), (hit.GetProperty("type").GetString(), hit.GetProperty("title").GetString(), hit.GetProperty("url").GetString()));
        Assert.Equal(1, (await ApiAsync(reader, "q=wangmo&type=member&country=BT")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await ApiAsync(Client(), "q=quillwork")).GetProperty("total").GetInt32());

        await ChangeAsync(m => m.Suspended = true);
        await CaughtUpAsync();
        Assert.Equal(0, (await ApiAsync(reader, "q=quillwork")).GetProperty("total").GetInt32());
    }
}
