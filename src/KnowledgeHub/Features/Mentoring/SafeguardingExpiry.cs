using System.Threading.Channels;
using KnowledgeHub.Features.Forum;
using Marten;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Mentoring;

/// <summary>
/// Ends administrators' safeguarding openings on time for live connections: pages, API and search stop at once by the
/// access rule itself, but a connection opened before the end would keep receiving the circle's posts. When an opening
/// ends, the administrator's open connections to the circle's threads and thread list are closed, as a removed mentee's
/// are. Per node, like <see cref="Presence"/>: each node closes its own connections, waking at the next end it knows of
/// and looking for openings made on other nodes every <see cref="MentoringOptions.SafeguardingCheckSeconds"/>.
/// </summary>
public sealed class SafeguardingExpiry(IDocumentStore store, ForumNotifier live, TimeProvider clock, IOptions<MentoringOptions> options,
    ILogger<SafeguardingExpiry> logger) : BackgroundService
{
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>An opening was made on this node: plan for its end now rather than at the next check.</summary>
    public void Wake() => wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var since = clock.GetUtcNow(); // connections do not outlive a restart: what ended before it has nothing open
        var check = TimeSpan.FromSeconds(Math.Max(1, options.Value.SafeguardingCheckSeconds));
        while (!stop.IsCancellationRequested)
        {
            DateTimeOffset? next = null;
            try { (since, next) = await SweepAsync(since, stop); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Ending safeguarding openings failed; will try again"); }
            var wait = next is { } end ? TimeSpan.FromTicks(Math.Clamp((end - clock.GetUtcNow()).Ticks, 0, check.Ticks)) : check;
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stop);
            await Task.WhenAny(Task.Delay(wait, clock, waiting.Token), wake.Reader.WaitToReadAsync(waiting.Token).AsTask());
            await waiting.CancelAsync();
            while (wake.Reader.TryRead(out _)) { }
        }
    }

    /// <summary>Closes the connections of openings that ended after <paramref name="since"/>; returns the time swept to and the next end ahead.</summary>
    public async Task<(DateTimeOffset Swept, DateTimeOffset? Next)> SweepAsync(DateTimeOffset since, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var session = store.QuerySession();
        var spaces = (await session.Query<Space>().Where(s => s.CircleId != null && s.Safeguarding.Any()).ToListAsync(ct))
            .Where(s => s.Safeguarding.Any(o => o.Until > since)).ToList();
        foreach (var space in spaces)
        {
            var ended = space.Safeguarding.Where(o => o.Until > since && o.Until <= now).Select(o => o.AdministratorId).Distinct()
                .Where(admin => !ForumAccess.SafeguardingOpen(space, admin, now) && !space.MemberIds.Contains(admin)).ToList(); // not opened again, not in the circle
            if (ended.Count == 0) continue;
            var threads = await session.Query<ForumThread>().Where(t => t.SpaceId == space.Id).Select(t => t.Id).ToListAsync(ct);
            foreach (var admin in ended)
            {
                await live.RevokeSpaceAsync(admin, space.Id, threads);
                logger.LogInformation("Safeguarding opening of circle {CircleId} by {MemberId} ended", space.CircleId, admin);
            }
        }
        return (now, spaces.SelectMany(s => s.Safeguarding).Where(o => o.Until > now).Min(o => (DateTimeOffset?)o.Until));
    }
}
