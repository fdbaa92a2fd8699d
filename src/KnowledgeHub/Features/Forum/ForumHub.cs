using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.SignalR;

namespace KnowledgeHub.Features.Forum;

/// <summary>
/// Thin and typed: it only joins and leaves groups, after checking that the caller may read the thread or space.
/// Pushes come from <see cref="ForumNotifier"/> after commits. Works for visitors too (public spaces).
/// </summary>
public sealed class ForumHub(IDocumentStore store, Presence presence) : Hub<IForumClient>
{
    public static string ThreadGroup(Guid id) => $"thread:{id:N}";
    public static string SpaceGroup(string id) => $"space:{id}";

    /// <summary>Joins a thread's live group; returns the thread's current event number, or null when not allowed (as if it did not exist).</summary>
    public async Task<long?> JoinThread(Guid threadId)
    {
        var thread = await ReadableThreadAsync(threadId);
        if (thread is null) return null;
        await Groups.AddToGroupAsync(Context.ConnectionId, ThreadGroup(threadId));
        var readers = presence.Join(Context.ConnectionId, threadId, Context.User?.MemberId());
        await Clients.Group(ThreadGroup(threadId)).Presence(threadId, readers);
        return thread.EventSeq;
    }

    public async Task LeaveThread(Guid threadId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, ThreadGroup(threadId));
        if (presence.Leave(Context.ConnectionId, threadId) is int readers) await Clients.Group(ThreadGroup(threadId)).Presence(threadId, readers);
    }

    /// <summary>What happened after <paramref name="afterSeq"/>, in order: a reconnecting reader misses nothing and sees nothing twice.</summary>
    public async Task<IReadOnlyList<ThreadChange>> CatchUp(Guid threadId, long afterSeq)
    {
        if (await ReadableThreadAsync(threadId) is null) return [];
        await using var session = store.QuerySession();
        var events = await session.Query<ThreadEvent>().Where(e => e.ThreadId == threadId && e.Seq > afterSeq).OrderBy(e => e.Seq).Take(500).ToListAsync();
        return events.Select(e => new ThreadChange(e.ThreadId, e.Seq, e.Kind, e.PostNumber)).ToList();
    }

    /// <summary>"X is replying…": only for signed-in readers who joined the thread.</summary>
    public async Task Typing(Guid threadId)
    {
        if (Context.User?.Identity?.IsAuthenticated != true || !presence.IsIn(Context.ConnectionId, threadId)) return;
        await Clients.OthersInGroup(ThreadGroup(threadId)).Typing(threadId, Context.User.Identity.Name ?? "");
    }

    /// <summary>Joins a space's activity feed (new threads and replies for its list page), if the caller may read it.</summary>
    public async Task<bool> WatchSpace(string spaceId)
    {
        await using var session = store.QuerySession();
        var space = await session.LoadAsync<Space>(spaceId);
        if (space is null || !ForumAccess.CanRead(space, Context.User!)) return false;
        await Groups.AddToGroupAsync(Context.ConnectionId, SpaceGroup(spaceId));
        presence.Watch(Context.ConnectionId, spaceId);
        return true;
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var (threadId, readers) in presence.Disconnect(Context.ConnectionId))
            await Clients.Group(ThreadGroup(threadId)).Presence(threadId, readers);
        await base.OnDisconnectedAsync(exception);
    }

    private async Task<ForumThread?> ReadableThreadAsync(Guid threadId)
    {
        await using var session = store.QuerySession();
        return await session.ReadableThreadAsync(threadId, Context.User!, Context.ConnectionAborted) is (var thread, _) ? thread : null;
    }
}
