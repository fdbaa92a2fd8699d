using System.Security.Claims;
using Marten;

namespace KnowledgeHub.Features.Forum;

/// <summary>Reads shared by pages, the fragment endpoint and the API; each answers null when the reader may not see it.</summary>
public static class ForumQueries
{
    public static async Task<Space?> ReadableSpaceAsync(this IQuerySession session, string slug, ClaimsPrincipal user, CancellationToken ct)
    {
        var space = await session.LoadAsync<Space>($"spaces/{slug}", ct);
        return space is not null && ForumAccess.CanRead(space, user) ? space : null;
    }

    public static async Task<(ForumThread Thread, Space Space)?> ReadableThreadAsync(this IQuerySession session, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var thread = await session.LoadAsync<ForumThread>(id, ct);
        if (thread is null) return null;
        var space = await session.LoadAsync<Space>(thread.SpaceId, ct);
        return space is not null && ForumAccess.CanRead(space, thread, user) ? (thread, space) : null;
    }

    /// <summary>A post with its thread and space, when the reader may read that thread (whatever they may then do with the post).</summary>
    public static async Task<(Post Post, ForumThread Thread, Space Space)?> ReadablePostAsync(this IQuerySession session, Guid id, ClaimsPrincipal user, CancellationToken ct) =>
        await session.LoadAsync<Post>(id, ct) is { } post && await session.ReadableThreadAsync(post.ThreadId, user, ct) is var (thread, space)
            ? (post, thread, space) : null;

    /// <summary>
    /// The spaces the reader may open, in order (only the private ones with <paramref name="privateOnly"/>). Private spaces
    /// (one per coaching circle, so they grow in number) are read from the database only when the reader belongs to them,
    /// or is an administrator and the space is not a circle or has been opened for safeguarding; the exact rule then applies.
    /// </summary>
    public static async Task<IReadOnlyList<Space>> ReadableSpacesAsync(this IQuerySession session, ClaimsPrincipal user, CancellationToken ct,
        bool privateOnly = false)
    {
        var me = user.MemberId() ?? Guid.Empty;
        var administrator = user.IsInRole(nameof(Members.Role.Administrator));
        var query = session.Query<Space>().Where(s => s.Visibility != SpaceVisibility.Private
            || (administrator && (s.CircleId == null || s.Safeguarding.Any())) || s.MemberIds.Contains(me) || s.ModeratorIds.Contains(me));
        if (privateOnly) query = query.Where(s => s.Visibility == SpaceVisibility.Private);
        var spaces = await query.OrderBy(s => s.Order).ToListAsync(ct);
        return spaces.Where(s => ForumAccess.CanRead(s, user)).ToList();
    }

    /// <summary>
    /// What a thread page shows besides its posts, in one round trip: the thread with its space, and for a member their
    /// reading state, the draft under <paramref name="draftKey"/> and their unread notification count.
    /// Null when the thread does not exist or the reader may not read it.
    /// </summary>
    public static async Task<ThreadPageData?> ThreadPageAsync(this IQuerySession session, Guid id, ClaimsPrincipal user, string draftKey, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var threadTask = batch.Load<ForumThread>(id);
        // The space by the thread's SpaceId in the same statement (Marten's Include would build a temporary table per page).
        var spaceTask = batch.Query<Space>(
            $"where d.id = (select t.data ->> 'SpaceId' from {session.DocumentStore.Options.DatabaseSchemaName}.mt_doc_forumthread as t where t.id = ?)", id);
        Task<Reading?> readingTask = Task.FromResult<Reading?>(null);
        Task<Draft?> draftTask = Task.FromResult<Draft?>(null);
        Task<long> unreadTask = Task.FromResult(0L);
        if (user.MemberId() is Guid me)
        {
            readingTask = batch.Load<Reading>(Reading.IdFor(me, id))!;
            draftTask = batch.Load<Draft>(Draft.IdFor(me, draftKey))!;
            unreadTask = batch.Query<Notifications.Notification>().Where(n => n.MemberId == me && n.ReadAt == null).Count();
        }
        await batch.Execute(ct);
        if (await threadTask is not { } thread || (await spaceTask).FirstOrDefault() is not { } space || !ForumAccess.CanRead(space, thread, user)) return null;
        return new(thread, space, await readingTask, await draftTask, (int)await unreadTask);
    }

    public static int PageOf(int postNumber, int perPage) => (Math.Max(postNumber, 1) - 1) / perPage + 1;

    /// <summary>One page of a thread's posts, in order (pages and the API show the same page the same way).</summary>
    public static Task<IReadOnlyList<Post>> PostsOnPageAsync(this IQuerySession session, Guid threadId, int page, int perPage, CancellationToken ct)
    {
        var (from, to) = ((page - 1) * perPage + 1, page * perPage);
        return session.Query<Post>().Where(p => p.ThreadId == threadId && p.Number >= from && p.Number <= to).OrderBy(p => p.Number).ToListAsync(ct);
    }

    /// <summary>One page of a space's threads, pinned first, then by latest activity; the page is clamped to those that exist.</summary>
    public static async Task<(IReadOnlyList<ForumThread> Threads, int Page, int Pages)> ThreadsOnPageAsync(this IQuerySession session,
        string spaceId, bool includeDeleted, int page, int perPage, CancellationToken ct)
    {
        var query = session.Query<ForumThread>().Where(t => t.SpaceId == spaceId && (!t.Deleted || includeDeleted));
        var pages = Math.Max(1, (await query.CountAsync(ct) + perPage - 1) / perPage);
        page = Math.Clamp(page, 1, pages);
        var threads = await query.OrderByDescending(t => t.Pinned).ThenByDescending(t => t.LastActivityAt).Skip((page - 1) * perPage).Take(perPage).ToListAsync(ct);
        return (threads, page, pages);
    }
}

/// <summary>What <see cref="ForumQueries.ThreadPageAsync"/> reads for one thread page.</summary>
public sealed record ThreadPageData(ForumThread Thread, Space Space, Reading? Reading, Draft? Draft, int UnreadNotifications);

/// <summary>What one post shows to one reader.</summary>
public sealed record PostView(Post Post, ForumThread Thread, bool ShowText, bool CanEdit, bool CanDelete, bool CanReact, bool CanAccept, Guid? Me)
{
    /// <summary>One antiforgery token for every form on the page: each form generating its own costs an encryption apiece.</summary>
    public string? FormToken { get; init; }

    public bool IsAccepted => Thread.AcceptedPostNumber == Post.Number;

    public static PostView For(Post post, ForumThread thread, Space space, ClaimsPrincipal user, string? formToken = null) => new(post, thread,
        ShowText: ForumAccess.CanSeeText(space, post, user),
        CanEdit: ForumAccess.CanEdit(space, thread, post, user),
        CanDelete: !post.Deleted && (post.AuthorId == user.MemberId() || ForumAccess.CanModerate(space, user)),
        CanReact: !post.Deleted && ForumAccess.CanPost(space, user),
        CanAccept: thread.Kind == ThreadKind.Question && post.Number > 1 && !post.Deleted &&
            (thread.AuthorId == user.MemberId() || ForumAccess.CanModerate(space, user)),
        Me: user.MemberId()) { FormToken = formToken };
}
