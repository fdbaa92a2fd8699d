using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Search;
using KnowledgeHub.Tests.Forum;
using KnowledgeHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Tests.Mentoring;

/// <summary>A circle's content is the circle's: outsiders get 404 everywhere, and a removed mentee loses it at once, open connections included.</summary>
public sealed class CirclePrivacyTests(AppFixture app) : AppTest(app)
{
    private readonly List<HubConnection> connections = [];
    private SearchIndex Index => App.Factory.Services.GetRequiredService<SearchIndex>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SearchChanges.RequestRebuildAsync(App.Store, default); // the reset removed documents behind Marten's back
        await Index.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
    }

    public override async Task DisposeAsync()
    {
        foreach (var c in connections) await c.DisposeAsync();
    }

    private async Task<HubConnection> ConnectAsync(Member member)
    {
        var cookie = await Members.AuthCookieAsync(member);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(App.Factory.Server.BaseAddress, ForumModule.HubPath), o =>
            {
                o.HttpMessageHandlerFactory = _ => App.Factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.Headers["Cookie"] = cookie;
            })
            .Build();
        connections.Add(hub);
        await hub.StartAsync();
        return hub;
    }

    private async Task<HttpClient> ApiAsync(Member member)
    {
        var client = await Members.SignedInAsync(member);
        var created = await client.SubmitAsync("/account/tokens", new Dictionary<string, string> { ["Name"] = "script" }, "form[action*='handler=Create']");
        var api = App.Factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Document.QuerySelector("[data-new-token]")!.TextContent.Trim());
        return api;
    }

    private async Task<int> FoundAsync(TestClient client, string word)
    {
        await Index.WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(10));
        var page = await client.GetAsync("/api/search?q=" + word);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return JsonDocument.Parse(page.Text).RootElement.GetProperty("total").GetInt32();
    }

    [Fact]
    public async Task An_outsider_gets_404_for_circle_content_through_pages_api_hub_and_search()
    {
        var pair = await App.PairAsync(Members);
        var thread = await pair.MenteeClient.StartThreadAsync(pair.Slug, "Confidential coaching thread", "The word zanzibarite stays in the circle.");
        var post = (await App.PostsAsync(thread))[0];
        var scheduled = await pair.MentorClient.SubmitAsync($"/mentoring/circles/{pair.Circle.Id}", new Dictionary<string, string>
            { ["Title"] = "Private session", ["StartsAt"] = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-ddTHH:mm") }, "form[action*='handler=Schedule']");
        var sessionUrl = scheduled.Location!;
        Assert.Equal(1, await FoundAsync(pair.MenteeClient, "zanzibarite"));

        var outsider = await Members.AddAsync("Outsider");
        var outsiderClient = await Members.SignedInAsync(outsider);
        var moderator = await Members.SignedInAsync(await Members.AddAsync("Moderator", roles: Role.Moderator));
        foreach (var client in new[] { outsiderClient, moderator, Client() })
        {
            foreach (var url in new[] { $"/mentoring/circles/{pair.Circle.Id}", sessionUrl, $"/mentoring/mentorships/{pair.Mentorship.Id}", $"/t/{thread}",
                         $"/t/{thread}/posts/1/fragment", $"/posts/{post.Id}/revisions", $"/spaces/{pair.Slug}", $"/spaces/{pair.Slug}/new" })
            {
                var page = await client.GetAsync(url);
                Assert.True(page.Status is HttpStatusCode.NotFound or HttpStatusCode.Redirect, $"{url}: {page.Status}");
                Assert.DoesNotContain("Confidential coaching thread", page.Text);
            }
            Assert.Equal(0, await FoundAsync(client, "zanzibarite"));
        }
        // The search page, not only the API.
        Assert.DoesNotContain("Confidential coaching thread", (await outsiderClient.GetAsync("/search?q=zanzibarite")).Text);

        var api = await ApiAsync(outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/threads/{thread}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/spaces/{pair.Slug}/threads")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/threads/{thread}/replies", new StringContent("{\"body\":\"let me in\"}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.DoesNotContain(pair.Slug, await api.GetStringAsync("/api/spaces"));
        Assert.Equal(HttpStatusCode.OK, (await (await ApiAsync(pair.Mentee)).GetAsync($"/api/threads/{thread}")).StatusCode);

        var hub = await ConnectAsync(outsider);
        Assert.Null(await hub.InvokeAsync<long?>("JoinThread", thread));
        Assert.False(await hub.InvokeAsync<bool>("WatchSpace", pair.Circle.SpaceId));
        Assert.Empty(await hub.InvokeAsync<IReadOnlyList<ThreadChange>>("CatchUp", thread, 0L));
        var menteeHub = await ConnectAsync(pair.Mentee);
        Assert.NotNull(await menteeHub.InvokeAsync<long?>("JoinThread", thread));
    }

    [Fact]
    public async Task A_removed_mentee_loses_pages_api_search_and_an_open_live_connection_at_once()
    {
        var pair = await App.PairAsync(Members);
        var thread = await pair.MentorClient.StartThreadAsync(pair.Slug, "Circle planning thread", "Notes about quokkaberry plans.");
        var api = await ApiAsync(pair.Mentee);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/threads/{thread}")).StatusCode);
        Assert.Equal(1, await FoundAsync(pair.MenteeClient, "quokkaberry"));

        var hub = await ConnectAsync(pair.Mentee);
        var changes = Channel.CreateUnbounded<ThreadChange>();
        var revoked = Channel.CreateUnbounded<Guid>();
        var activity = Channel.CreateUnbounded<ThreadActivity>();
        hub.On<ThreadChange>("ThreadChanged", c => changes.Writer.TryWrite(c));
        hub.On<Guid>("AccessRevoked", t => revoked.Writer.TryWrite(t));
        hub.On<ThreadActivity>("Activity", a => activity.Writer.TryWrite(a));
        Assert.NotNull(await hub.InvokeAsync<long?>("JoinThread", thread));
        Assert.True(await hub.InvokeAsync<bool>("WatchSpace", pair.Circle.SpaceId));
        await pair.MentorClient.ReplyAsync(thread, "Seen live before the removal.");
        Assert.Equal(2, (await changes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15))).PostNumber);
        // The list's activity message for that reply may arrive after the thread's: wait for it, so it is not taken for a leak below.
        await activity.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        while (activity.Reader.TryRead(out _)) { }

        // The mentor removes the mentee from the circle page.
        var removed = await pair.MentorClient.SubmitAsync($"/mentoring/circles/{pair.Circle.Id}", new Dictionary<string, string>(), "form[action*='handler=Remove']");
        Assert.Equal(HttpStatusCode.Redirect, removed.Status);
        Assert.Equal(thread, await revoked.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15)));

        await pair.MentorClient.ReplyAsync(thread, "Said after the removal.");
        await Task.Delay(500);
        Assert.False(changes.Reader.TryRead(out _));
        Assert.False(activity.Reader.TryRead(out _));
        Assert.Null(await hub.InvokeAsync<long?>("JoinThread", thread));

        Assert.Equal(HttpStatusCode.NotFound, (await pair.MenteeClient.GetAsync($"/t/{thread}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await pair.MenteeClient.GetAsync($"/mentoring/circles/{pair.Circle.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/threads/{thread}")).StatusCode);
        Assert.Equal(0, await FoundAsync(pair.MenteeClient, "quokkaberry"));
        Assert.Equal(1, await FoundAsync(pair.MentorClient, "quokkaberry"));
        Assert.Empty((await App.CircleAsync(pair.Circle.Id)).MenteeIds);
    }
}
