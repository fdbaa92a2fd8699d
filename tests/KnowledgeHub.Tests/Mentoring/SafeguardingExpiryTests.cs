using System.Net;
using System.Threading.Channels;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Tests.Forum;
using KnowledgeHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeHub.Tests.Mentoring;

/// <summary>An administrator's safeguarding opening ends by the app's clock, open live connections included.</summary>
public sealed class SafeguardingExpiryTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task When_a_safeguarding_opening_ends_the_administrators_pages_and_open_live_connection_to_the_circle_close()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var node = new AppFactory(App, services: s => s.AddSingleton<TimeProvider>(clock)); // an app whose time the test moves
        var pair = await App.PairAsync(Members);
        var mentor = await Members.SignedInAsync(pair.Mentor, node);
        var thread = await mentor.StartThreadAsync(pair.Slug, "A worrying situation", "Notes for the circle only.");
        var adminMember = await Members.AddAsync("Anita Admin", roles: Role.Administrator);
        var admin = await Members.SignedInAsync(adminMember, node);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/t/{thread}")).Status);
        await admin.SubmitAsync($"/mentoring/circles/{pair.Circle.Id}", new Dictionary<string, string> { ["Reason"] = "Report of harm to a child (case 7)." },
            "form[action*='handler=Safeguarding']");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/t/{thread}")).Status);

        await using var hub = await Hubs.ConnectAsync(node, await Members.AuthCookieAsync(adminMember, node));
        var changes = Channel.CreateUnbounded<ThreadChange>();
        var revoked = Channel.CreateUnbounded<Guid>();
        hub.On<ThreadChange>("ThreadChanged", c => changes.Writer.TryWrite(c));
        hub.On<Guid>("AccessRevoked", t => revoked.Writer.TryWrite(t));
        Assert.NotNull(await hub.InvokeAsync<long?>("JoinThread", thread));
        Assert.True(await hub.InvokeAsync<bool>("WatchSpace", pair.Circle.SpaceId));

        // 59 minutes on, still open: replies arrive live.
        clock.Advance(TimeSpan.FromMinutes(59));
        await mentor.ReplyAsync(thread, "Said while the opening lasts.");
        Assert.Equal(2, (await changes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15))).PostNumber);
        Assert.False(revoked.Reader.TryRead(out _));

        // Past the hour: the connection is taken out of the thread at once, and nothing more reaches it.
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(thread, await revoked.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15)));
        await mentor.ReplyAsync(thread, "Said after the opening ended.");
        await Task.Delay(500);
        Assert.False(changes.Reader.TryRead(out _));
        Assert.Null(await hub.InvokeAsync<long?>("JoinThread", thread));
        Assert.False(await hub.InvokeAsync<bool>("WatchSpace", pair.Circle.SpaceId));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/t/{thread}")).Status);
        Assert.DoesNotContain("A worrying situation", (await admin.GetAsync($"/mentoring/circles/{pair.Circle.Id}")).Text);

        // The rule reads the app's own clock: the other app, whose time has not moved, is still within the hour.
        Assert.Equal(HttpStatusCode.OK, (await (await Members.SignedInAsync(adminMember)).GetAsync($"/t/{thread}")).Status);
    }
}
