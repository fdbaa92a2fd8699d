using KnowledgeHub.Features.Notifications;
using KnowledgeHub.Infrastructure;
using Marten;
using Microsoft.AspNetCore.SignalR;

namespace KnowledgeHub.Features.Forum;

/// <summary>Pushes committed changes to connected readers. Called only after SaveChanges succeeded.</summary>
public sealed class ForumNotifier(IHubContext<ForumHub, IForumClient> hub, IDocumentStore store, Presence presence,
    Microsoft.AspNetCore.OutputCaching.IOutputCacheStore pages, ILogger<ForumNotifier> logger)
{
    public async Task ThreadChangedAsync(ForumThread thread, ThreadEvent change)
    {
        // Visitors' cached copies of the thread, its space's list and the forum list are dropped before anyone is told.
        await pages.EvictByTagAsync(VisitorPagePolicy.ThreadTag(thread.Id), default);
        await SpaceChangedAsync(thread.SpaceId);
        try
        {
            await hub.Clients.Group(ForumHub.ThreadGroup(thread.Id)).ThreadChanged(new ThreadChange(thread.Id, change.Seq, change.Kind, change.PostNumber));
            if (change.Kind == "post")
                await hub.Clients.Group(ForumHub.SpaceGroup(thread.SpaceId))
                    .Activity(new ThreadActivity(thread.Id, thread.SpaceId, thread.Title, thread.PostCount, thread.LastActivityAt, thread.LastPosterName));
        }
        catch (Exception e)
        {
            // Live updates are a bonus: the write is committed and every page shows it on reload.
            logger.LogWarning(e, "Live push for thread {ThreadId} failed", thread.Id);
        }
    }

    /// <summary>A space's list (and the forum list with its counts) changed: visitors' cached copies are dropped.</summary>
    public async Task SpaceChangedAsync(string spaceId)
    {
        await pages.EvictByTagAsync(VisitorPagePolicy.SpaceTag(spaceId), default);
        await pages.EvictByTagAsync(VisitorPagePolicy.ForumTag, default);
    }

    public async Task NotifyAsync(IEnumerable<Guid> members)
    {
        foreach (var member in members.Distinct())
        {
            try
            {
                await using var session = store.QuerySession();
                await hub.Clients.User(member.ToString()).NotificationCount(await NotificationCounter.UnreadAsync(session, member));
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Notification count push to {MemberId} failed", member);
            }
        }
    }

    /// <summary>Takes a member's open connections out of a space they may no longer read and out of its threads.</summary>
    public Task RevokeSpaceAsync(Guid member, string spaceId, IEnumerable<Guid> spaceThreads)
    {
        var threads = spaceThreads.ToHashSet();
        return RevokeAsync(member, t => !threads.Contains(t), s => s != spaceId);
    }

    /// <summary>Takes a member's open connections out of a thread or space they may no longer read, and tells their page.</summary>
    public async Task RevokeAsync(Guid member, Func<Guid, bool> threadStillReadable, Func<string, bool> spaceStillReadable)
    {
        foreach (var (connectionId, threads, spaces) in presence.Of(member))
        {
            foreach (var thread in threads.Where(t => !threadStillReadable(t)))
            {
                await hub.Groups.RemoveFromGroupAsync(connectionId, ForumHub.ThreadGroup(thread));
                presence.Leave(connectionId, thread);
                await hub.Clients.Client(connectionId).AccessRevoked(thread);
            }
            foreach (var space in spaces.Where(s => !spaceStillReadable(s)))
                await hub.Groups.RemoveFromGroupAsync(connectionId, ForumHub.SpaceGroup(space));
        }
    }
}
