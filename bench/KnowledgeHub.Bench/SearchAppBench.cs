using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Postgres;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Bench;

/// <summary>The search benchmarks that need the running app and its PostgreSQL.</summary>
public static class SearchAppBench
{
    /// <summary>
    /// Writes generated members, threads and posts straight into the app's database (configured as the app is, from the
    /// environment) with Marten's bulk insert, so the app's own rebuild can then be timed over them. Uses the spaces
    /// imported from content/; post HTML is the plain paragraphs the renderer would make of the text.
    /// </summary>
    public static async Task<int> PopulateAsync(int posts)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddDatabase(builder.Environment);
        builder.Services.AddMembers();
        builder.Services.AddForum();
        await using var app = builder.Build();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using (var query = store.QuerySession())
        {
            var spaces = await query.Query<Space>().OrderBy(s => s.Order).ToListAsync();
            if (spaces.Count == 0) { Console.Error.WriteLine("No spaces: import content/ first."); return 1; }
            var watch = Stopwatch.StartNew();
            var members = Enumerable.Range(0, 5000).Select(i => new Member
            {
                Id = MemberId(i), Name = $"Member {i}", Handle = $"bench-member-{i}", Email = $"bench{i}@example.org", EmailNormalized = $"BENCH{i}@EXAMPLE.ORG",
                EmailConfirmed = true, Sector = (Sector)(i % 6), Country = GeneratedPosts.Countries[i % GeneratedPosts.Countries.Length],
                Languages = ["en"],
            }).ToList();
            await store.BulkInsertAsync(members);
            var written = 0;
            foreach (var chunk in new GeneratedPosts().Threads(posts).Chunk(500))
            {
                var threads = new List<ForumThread>();
                var list = new List<Post>();
                foreach (var t in chunk)
                {
                    var space = spaces[t.Space % spaces.Count];
                    var thread = new ForumThread
                    {
                        SpaceId = space.Id, Title = t.Title, Tags = t.Tags, Language = t.Language, AuthorId = MemberId(t.Posts[0].Author),
                        AuthorName = $"Member {t.Posts[0].Author}", CreatedAt = t.Posts[0].Date, LastActivityAt = t.Posts[^1].Date,
                        LastPosterName = $"Member {t.Posts[^1].Author}", PostCount = t.Posts.Count,
                    };
                    threads.Add(thread);
                    list.AddRange(t.Posts.Select(p => new Post
                    {
                        ThreadId = thread.Id, SpaceId = space.Id, Number = p.Number, AuthorId = MemberId(p.Author), AuthorName = $"Member {p.Author}",
                        AuthorHandle = $"bench-member-{p.Author}", Markdown = p.Body, Html = "<p>" + WebUtility.HtmlEncode(p.Body) + "</p>", CreatedAt = p.Date,
                    }));
                }
                await store.BulkInsertAsync(threads);
                await store.BulkInsertAsync(list, batchSize: 5000);
                written += list.Count;
                Console.Error.WriteLine($"  {written:N0} posts in PostgreSQL ({written / watch.Elapsed.TotalSeconds:N0}/s)");
            }
            Console.WriteLine($"populate: {written:N0} posts in {watch.Elapsed.TotalSeconds:N0} s");
        }
        if (app.Services.GetRequiredService<DatabaseConnection>().Cluster is { StartedByUs: true } cluster) await cluster.StopAsync();
        return 0;
    }

    private static Guid MemberId(int i) => new(i + 1, 7, 7, new byte[8]);

    /// <summary>
    /// Write-to-findable under a steady posting load: posts <paramref name="perSecond"/> replies a second through the API,
    /// each carrying a word nobody else uses, and times from the API's answer (the reply is committed) until /api/search
    /// finds the word, polling every 100 ms (so figures are up to 100 ms high; faster polling loads the server it measures).
    /// </summary>
    public static async Task<int> FindableAsync(string url, string token, Guid thread, double perSecond, int seconds)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var times = new System.Collections.Concurrent.ConcurrentBag<double>();
        var lost = 0;
        var pending = new List<Task>();
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        var clock = Stopwatch.StartNew();
        for (var i = 0; clock.Elapsed < TimeSpan.FromSeconds(seconds); i++)
        {
            var due = interval * i;
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var word = "benchword" + Guid.NewGuid().ToString("N")[..12];
            pending.Add(Task.Run(async () =>
            {
                using var posted = await http.PostAsJsonAsync($"/api/threads/{thread}/replies", new { body = $"A reply about {word} and the parenting sessions in our district." });
                if (!posted.IsSuccessStatusCode) { Interlocked.Increment(ref lost); Console.Error.WriteLine($"  reply refused: {(int)posted.StatusCode}"); return; }
                var committed = Stopwatch.GetTimestamp();
                while (Stopwatch.GetElapsedTime(committed) < TimeSpan.FromSeconds(10))
                {
                    using var found = await http.GetAsync($"/api/search?q={word}");
                    if (found.IsSuccessStatusCode && (await found.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32() > 0)
                    {
                        times.Add(Stopwatch.GetElapsedTime(committed).TotalMilliseconds);
                        return;
                    }
                    await Task.Delay(100);
                }
                Interlocked.Increment(ref lost);
            }));
        }
        await Task.WhenAll(pending);
        var sorted = times.Order().ToArray();
        if (sorted.Length == 0) { Console.WriteLine("findable: nothing was found"); return 1; }
        double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        Console.WriteLine($"findable: {sorted.Length} replies at {perSecond}/s for {seconds} s: write-to-findable p50 {P(0.5):N0} ms, p99 {P(0.99):N0} ms, " +
                          $"max {sorted[^1]:N0} ms; not found within 10 s: {lost} (target p99 <= 1000 ms{(P(0.99) <= 1000 && lost == 0 ? "" : ", MISSED")})");
        return 0;
    }
}
