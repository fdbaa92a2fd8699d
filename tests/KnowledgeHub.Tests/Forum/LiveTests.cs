using System.Net;
using System.Threading.Channels;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace KnowledgeHub.Tests.Forum;

/// <summary>SignalR through the in-memory test server (long polling), signed in with real cookies.</summary>
public sealed class LiveTests(AppFixture app) : AppTest(app)
{
    private readonly List<HubConnection> connections = [];

    public override async Task DisposeAsync()
    {
        foreach (var c in connections) await c.DisposeAsync();
    }

    private async Task<(HubConnection Hub, Channel<ThreadChange> Changes)> ConnectAsync(string? cookie, string? origin = null)
    {
        var changes = Channel.CreateUnbounded<ThreadChange>();
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(App.Factory.Server.BaseAddress, ForumModule.HubPath), o =>
            {
                o.HttpMessageHandlerFactory = _ => App.Factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                if (cookie is not null) o.Headers["Cookie"] = cookie;
                if (origin is not null) o.Headers["Origin"] = origin;
            })
            .Build();
        hub.On<ThreadChange>("ThreadChanged", c => changes.Writer.TryWrite(c));
        connections.Add(hub);
        await hub.StartAsync();
        return (hub, changes);
    }

    private static async Task<ThreadChange> NextAsync(Channel<ThreadChange> changes) =>
        await changes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

    [Fact]
    public async Task Two_readers_see_each_others_replies_in_order()
    {
        var asha = await Members.AddAsync("Asha");
        var rafiq = await Members.AddAsync("Rafiq");
        var ashaClient = await Members.SignedInAsync(asha);
        var rafiqClient = await Members.SignedInAsync(rafiq);
        var id = await ashaClient.StartThreadAsync("peer-learning", "Live thread", "Opening post.");

        var (ashaHub, ashaChanges) = await ConnectAsync(await Members.AuthCookieAsync(asha));
        var (rafiqHub, rafiqChanges) = await ConnectAsync(await Members.AuthCookieAsync(rafiq));
        Assert.Equal(1, await ashaHub.InvokeAsync<long?>("JoinThread", id));
        Assert.Equal(1, await rafiqHub.InvokeAsync<long?>("JoinThread", id));

        await rafiqClient.ReplyAsync(id, "First reply, from Rafiq.");
        await ashaClient.ReplyAsync(id, "Second reply, from Asha.");
        await rafiqClient.ReplyAsync(id, "Third reply, from Rafiq.");

        foreach (var changes in new[] { ashaChanges, rafiqChanges })
        {
            var seen = new[] { await NextAsync(changes), await NextAsync(changes), await NextAsync(changes) };
            Assert.Equal([2L, 3L, 4L], seen.Select(c => c.Seq));
            Assert.Equal([2, 3, 4], seen.Select(c => c.PostNumber));
            Assert.All(seen, c => Assert.Equal("post", c.Kind));
        }

        // The fragment a reader fetches for a change is the post as the page shows it.
        var fragment = await Client().GetAsync($"/t/{id}/posts/3/fragment");
        Assert.Contains("Second reply, from Asha.", fragment.Text);
    }

    [Fact]
    public async Task A_reader_who_reconnects_catches_up_with_no_gap_and_no_duplicate()
    {
        var asha = await Members.AddAsync("Asha");
        var client = await Members.SignedInAsync(asha);
        var id = await client.StartThreadAsync("peer-learning", "Catch-up thread", "Opening post.");
        var (hub, changes) = await ConnectAsync(await Members.AuthCookieAsync(asha));
        await hub.InvokeAsync<long?>("JoinThread", id);
        await client.ReplyAsync(id, "Reply seen live.");
        var live = await NextAsync(changes);
        Assert.Equal(2, live.Seq);

        await hub.StopAsync(); // the phone loses its connection...
        await client.ReplyAsync(id, "Missed one.");
        await client.SubmitAsync($"/t/{id}", new Dictionary<string, string> { ["react"] = "2:like" }, "#actions");
        await client.ReplyAsync(id, "Missed two.");

        var (again, _) = await ConnectAsync(await Members.AuthCookieAsync(asha)); // ...and comes back
        var current = await again.InvokeAsync<long?>("JoinThread", id);
        var missed = await again.InvokeAsync<List<ThreadChange>>("CatchUp", id, live.Seq);
        Assert.Equal(5, current);
        Assert.Equal([3L, 4L, 5L], missed.Select(c => c.Seq));
        Assert.Equal(["post", "react", "post"], missed.Select(c => c.Kind));
        Assert.Equal([3, 2, 4], missed.Select(c => c.PostNumber));
    }

    [Fact]
    public async Task An_outsider_cannot_join_a_private_threads_group_and_hears_nothing()
    {
        var insider = await Members.AddAsync("Insider");
        await App.AddToSpaceAsync("network-secretariat", insider);
        var insiderClient = await Members.SignedInAsync(insider);
        var id = await insiderClient.StartThreadAsync("network-secretariat", "Private live thread", "Secret.");

        var outsider = await Members.AddAsync("Outsider");
        var (outsiderHub, outsiderChanges) = await ConnectAsync(await Members.AuthCookieAsync(outsider));
        var (visitorHub, visitorChanges) = await ConnectAsync(cookie: null);
        Assert.Null(await outsiderHub.InvokeAsync<long?>("JoinThread", id));
        Assert.Null(await visitorHub.InvokeAsync<long?>("JoinThread", id));
        Assert.Empty(await outsiderHub.InvokeAsync<List<ThreadChange>>("CatchUp", id, 0L));

        var (insiderHub, insiderChanges) = await ConnectAsync(await Members.AuthCookieAsync(insider));
        await insiderHub.InvokeAsync<long?>("JoinThread", id);
        await insiderClient.ReplyAsync(id, "Only for us.");
        Assert.Equal(2, (await NextAsync(insiderChanges)).Seq); // delivered to the group...
        await Task.Delay(500);
        Assert.False(outsiderChanges.Reader.TryRead(out _)); // ...and to nobody outside it
        Assert.False(visitorChanges.Reader.TryRead(out _));
        Assert.False(await outsiderHub.InvokeAsync<bool>("WatchSpace", "spaces/network-secretariat"));
    }

    [Fact]
    public async Task A_hub_connection_from_another_sites_page_is_refused()
    {
        var member = await Members.AddAsync();
        var cookie = await Members.AuthCookieAsync(member);
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(cookie, origin: "https://evil.example"));
        var (hub, _) = await ConnectAsync(cookie, origin: "http://localhost");
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }

    [Fact]
    public async Task Moving_a_thread_into_a_private_space_drops_outsiders_live_connections()
    {
        var author = await Members.AddAsync("Author");
        var authorClient = await Members.SignedInAsync(author);
        var id = await authorClient.StartThreadAsync("peer-learning", "Will become private", "Opening.");
        var (hub, changes) = await ConnectAsync(await Members.AuthCookieAsync(author));
        var revoked = Channel.CreateUnbounded<Guid>();
        hub.On<Guid>("AccessRevoked", t => revoked.Writer.TryWrite(t));
        await hub.InvokeAsync<long?>("JoinThread", id);

        var admin = await Members.SignedInAsync(await Members.AddAsync("Admin", roles: KnowledgeHub.Features.Members.Role.Administrator));
        await admin.SubmitAsync($"/t/{id}", new Dictionary<string, string> { ["spaceId"] = "spaces/network-secretariat" }, "form[action$='handler=Move']");
        Assert.Equal(id, await revoked.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15)));
        while (changes.Reader.TryRead(out _)) { } // the move itself may have arrived before the revocation

        var insider = await Members.AddAsync("Insider");
        await App.AddToSpaceAsync("network-secretariat", insider);
        await (await Members.SignedInAsync(insider)).ReplyAsync(id, "After the move.");
        await Task.Delay(500);
        Assert.False(changes.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_space_list_hears_new_activity_and_a_mentioned_member_hears_the_new_count()
    {
        var asha = await Members.AddAsync("Asha");
        var rafiq = await Members.AddAsync("Rafiq");
        var (hub, _) = await ConnectAsync(await Members.AuthCookieAsync(rafiq));
        var activity = Channel.CreateUnbounded<ThreadActivity>();
        var counts = Channel.CreateUnbounded<int>();
        hub.On<ThreadActivity>("Activity", a => activity.Writer.TryWrite(a));
        hub.On<int>("NotificationCount", n => counts.Writer.TryWrite(n));
        Assert.True(await hub.InvokeAsync<bool>("WatchSpace", "spaces/peer-learning"));

        var id = await (await Members.SignedInAsync(asha)).StartThreadAsync("peer-learning", "Heard live in the list", $"Hello @{rafiq.Handle}");
        var seen = await activity.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(id, seen.ThreadId);
        Assert.Equal("Heard live in the list", seen.Title);
        Assert.Equal(1, await counts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15)));
    }
}
