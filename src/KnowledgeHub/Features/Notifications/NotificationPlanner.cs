using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using Marten;

namespace KnowledgeHub.Features.Notifications;

/// <summary>
/// Decides who hears about a new post: mentioned members, the member replied to, followers of the thread or space.
/// Each member at most once per post, never the writer, never someone who muted the thread, and never anyone who
/// cannot read the space: a private thread's title must not travel in a notification.
/// </summary>
public static class NotificationPlanner
{
    public static async Task<List<Notification>> PlanAsync(IQuerySession session, Space space, ForumThread thread, Post post,
        Guid? replyToAuthor, bool newThread, DateTimeOffset now, CancellationToken ct)
    {
        var wanted = new Dictionary<Guid, NotificationKind>();
        var handles = Handles.MentionedIn(post.Markdown).ToArray();
        var mentioned = handles.Length == 0 ? [] : await session.Query<Member>().Where(m => m.Handle.IsOneOf(handles)).ToListAsync(ct);
        foreach (var m in mentioned) wanted.TryAdd(m.Id, NotificationKind.Mention);
        if (replyToAuthor is Guid replied) wanted.TryAdd(replied, NotificationKind.ReplyToYou);

        var readings = await session.Query<Reading>().Where(r => r.ThreadId == thread.Id).ToListAsync(ct);
        foreach (var r in readings.Where(r => r.Level == WatchLevel.Following)) wanted.TryAdd(r.MemberId, NotificationKind.FollowedThread);
        if (newThread)
        {
            var watches = await session.Query<SpaceWatch>().Where(w => w.SpaceId == space.Id && w.Level != WatchLevel.Normal).ToListAsync(ct);
            foreach (var w in watches.Where(w => w.Level == WatchLevel.Following)) wanted.TryAdd(w.MemberId, NotificationKind.NewThreadInSpace);
            // A coaching circle is small and its threads are written for its members: each hears of a new one unless they muted the circle.
            if (space.CircleId is not null)
                foreach (var id in space.MemberIds.Where(id => !watches.Any(w => w.MemberId == id && w.Level == WatchLevel.Muted)))
                    wanted.TryAdd(id, NotificationKind.NewThreadInSpace);
        }

        var muted = readings.Where(r => r.Level == WatchLevel.Muted).Select(r => r.MemberId).ToHashSet();
        wanted.Remove(post.AuthorId);
        foreach (var id in muted) wanted.Remove(id);
        if (wanted.Count == 0) return [];

        var ids = wanted.Keys.ToArray();
        var members = mentioned.Where(m => wanted.ContainsKey(m.Id)).ToDictionary(m => m.Id);
        var missing = ids.Where(id => !members.ContainsKey(id)).ToArray();
        if (missing.Length > 0)
            foreach (var m in await session.LoadManyAsync<Member>(ct, missing)) members[m.Id] = m;

        return wanted.Where(w => members.TryGetValue(w.Key, out var m) && ForumAccess.CanRead(space, m, now))
            .Select(w => new Notification
            {
                MemberId = w.Key, Kind = w.Value, ThreadId = thread.Id, ThreadTitle = thread.Title, PostNumber = post.Number,
                ActorName = post.AuthorName, CreatedAt = now,
            }).ToList();
    }
}
