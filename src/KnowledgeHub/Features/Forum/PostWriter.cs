using System.Security.Claims;
using KnowledgeHub.Features.Admin;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Postgres;
using KnowledgeHub.Infrastructure.Text;
using KnowledgeHub.Features.Notifications;
using Marten;
using Marten.Patching;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Forum;

public sealed record WriteResult(IReadOnlyDictionary<string, string> Errors, ForumThread? Thread = null, Post? Post = null, ThreadEvent? Event = null)
{
    public bool Ok => Errors.Count == 0;
    /// <summary>Something changed and must be saved (a change may save without a live event, such as a first report on a post).</summary>
    public bool Saves { get; init; }
    /// <summary>Members whose notification count changed with this write; told after the commit.</summary>
    public IReadOnlyList<Guid> Notify { get; init; } = [];

    public static WriteResult Fail(string field, string message) => new(new Dictionary<string, string> { [field] = message });
    public static WriteResult Unchanged(ForumThread thread, Post? post = null) => new(new Dictionary<string, string>(), thread, post);
}

/// <summary>
/// Every write to threads and posts goes through here: checked, rendered once, numbered under optimistic
/// concurrency (retried, never lost), recorded as a thread event for live catch-up, notifications planned in the same
/// transaction, and pushed live only after the commit.
/// </summary>
public sealed class PostWriter(IDocumentStore store, PostText text, ForumNotifier live, IOptions<ForumOptions> options,
    TimeProvider clock, IStringLocalizer<SharedResource> L, ILogger<PostWriter> logger)
{
    private const int Attempts = 8;

    public async Task<WriteResult> CreateThreadAsync(ClaimsPrincipal user, Space space, string? title, string? markdown, string? tags,
        ThreadKind kind, CancellationToken ct, string? language = null)
    {
        var errors = new Dictionary<string, string>();
        var (cleanTitle, titleError) = text.Title(title);
        var (tagList, tagError) = text.Tags(tags);
        var (html, bodyError) = text.Render(markdown);
        if (titleError is not null) errors["Title"] = titleError;
        if (tagError is not null) errors["Tags"] = tagError;
        if (bodyError is not null) errors["Body"] = bodyError;
        if (!ForumAccess.CanStartThread(space, user)) errors[""] = L["You cannot start threads in this space."];
        if (kind == ThreadKind.Announcement && !ForumAccess.CanModerate(space, user)) errors["Kind"] = L["Only moderators can post announcements."];
        if (errors.Count > 0) return new(errors);

        await using var session = store.LightweightSession();
        var member = await session.LoadAsync<Member>(user.MemberId()!.Value, ct);
        if (member is null) return WriteResult.Fail("", L["Sign in again to post."]);
        if (await PostingLimitAsync(session, member, ct) is { } limit) return WriteResult.Fail("Body", limit);

        var now = clock.GetUtcNow();
        var thread = new ForumThread
        {
            SpaceId = space.Id, Title = cleanTitle!, Kind = kind, Tags = tagList, Language = PostText.Language(language), AuthorId = member.Id, AuthorName = member.Name,
            CreatedAt = now, LastActivityAt = now, LastPosterName = member.Name, PostCount = 1, Pinned = kind == ThreadKind.Announcement,
        };
        var post = NewPost(thread, member, markdown!, html!, 1, null, now);
        var change = thread.NextEvent("post", 1, now);
        session.Insert(thread);
        session.Insert(post);
        session.Insert(change);
        session.Store(new Reading { Id = Reading.IdFor(member.Id, thread.Id), MemberId = member.Id, ThreadId = thread.Id, LastReadNumber = 1, Level = WatchLevel.Following });
        session.Patch<Space>(space.Id).Increment(s => s.ThreadCount).Set(s => s.LastActivityAt, now);
        session.Delete<Draft>(Draft.IdFor(member.Id, $"new:{space.Id}"));
        var notifications = await NotificationPlanner.PlanAsync(session, space, thread, post, null, newThread: true, now, ct);
        foreach (var n in notifications) session.Insert(n);
        await session.SaveChangesAsync(ct);

        logger.LogInformation("Thread {ThreadId} started in {SpaceId} by {MemberId}", thread.Id, space.Id, member.Id);
        await live.ThreadChangedAsync(thread, change);
        await live.NotifyAsync(notifications.Select(n => n.MemberId));
        return new(new Dictionary<string, string>(), thread, post);
    }

    public async Task<WriteResult> ReplyAsync(ClaimsPrincipal user, Space space, Guid threadId, string? markdown, int? replyTo, CancellationToken ct)
    {
        var (html, bodyError) = text.Render(markdown);
        if (bodyError is not null) return WriteResult.Fail("Body", bodyError);
        if (!ForumAccess.CanPost(space, user)) return WriteResult.Fail("", L["You cannot post in this space."]);
        var moderator = ForumAccess.CanModerate(space, user);

        return await LockedChangeAsync(threadId, user, ct, async (session, thread, member) =>
        {
            if (thread.SpaceId != space.Id || thread.Deleted) return WriteResult.Fail("", L["This thread no longer exists."]);
            if (thread.Locked && !moderator) return WriteResult.Fail("Body", L["This thread is locked: no new replies. Your text is kept below."]);
            if (await PostingLimitAsync(session, member, ct) is { } limit) return WriteResult.Fail("Body", limit);

            Post? repliedTo = null;
            if (replyTo is int target && target >= 1 && target <= thread.PostCount)
                repliedTo = await session.Query<Post>().FirstOrDefaultAsync(p => p.ThreadId == threadId && p.Number == target, ct);

            var now = clock.GetUtcNow();
            thread.PostCount++;
            thread.LastActivityAt = now;
            thread.LastPosterName = member.Name;
            var post = NewPost(thread, member, markdown!, html!, thread.PostCount, repliedTo?.Number, now);
            session.Insert(post);
            var reading = await session.LoadAsync<Reading>(Reading.IdFor(member.Id, threadId), ct)
                ?? new Reading { Id = Reading.IdFor(member.Id, threadId), MemberId = member.Id, ThreadId = threadId };
            reading.LastReadNumber = post.Number;
            if (reading.Level == WatchLevel.Normal) reading.Level = WatchLevel.Following;
            session.Store(reading);
            session.Patch<Space>(space.Id).Set(s => s.LastActivityAt, now);
            session.Delete<Draft>(Draft.IdFor(member.Id, $"reply:{threadId}"));
            var notifications = await NotificationPlanner.PlanAsync(session, space, thread, post, repliedTo?.AuthorId ?? thread.AuthorId, newThread: false, now, ct);
            foreach (var n in notifications) session.Insert(n);
            return Changed(session, thread, post, "post", now) with { Notify = notifications.Select(n => n.MemberId).ToList() };
        });
    }

    /// <summary>Edits a post; <paramref name="baseRevisions"/> is how many revisions the editor saw, so two editors never overwrite each other.</summary>
    public async Task<WriteResult> EditAsync(ClaimsPrincipal user, Space space, Guid postId, string? markdown, string? title, int baseRevisions, CancellationToken ct)
    {
        var (html, bodyError) = text.Render(markdown);
        if (bodyError is not null) return WriteResult.Fail("Body", bodyError);
        return await ChangePostAsync(postId, user, ct, (session, thread, post, editor) =>
        {
            if (!ForumAccess.CanEdit(space, thread, post, user)) return WriteResult.Fail("", L["You cannot edit this post."]);
            if (post.Revisions.Count != baseRevisions)
                return WriteResult.Fail("Body", L["Someone edited this post while you were writing. Your text is kept below; compare it with the current version and save again."]);
            string? newTitle = null;
            if (post.Number == 1 && title is not null)
            {
                var (clean, titleError) = text.Title(title);
                if (titleError is not null) return WriteResult.Fail("Title", titleError);
                newTitle = clean;
            }
            if (post.Markdown == markdown && (newTitle is null || newTitle == thread.Title)) return WriteResult.Unchanged(thread, post);
            var now = clock.GetUtcNow();
            post.Revisions.Add(new Revision(post.Revisions.Count + 1, post.Markdown, post.Html, post.EditedAt ?? post.CreatedAt, post.AuthorId, post.AuthorName));
            post.Markdown = markdown!;
            post.Html = html!;
            post.EditedAt = now;
            if (newTitle is not null) thread.Title = newTitle;
            session.Store(post);
            session.Delete<Draft>(Draft.IdFor(editor.Id, $"edit:{post.Id}"));
            return Changed(session, thread, post, "edit", now);
        });
    }

    public async Task<WriteResult> DeleteAsync(ClaimsPrincipal user, Space space, Guid postId, string? reason, CancellationToken ct) =>
        await ChangePostAsync(postId, user, ct, (session, thread, post, actor) =>
        {
            var moderator = ForumAccess.CanModerate(space, user);
            if (post.Deleted) return WriteResult.Unchanged(thread, post);
            if (post.AuthorId != actor.Id && !moderator) return WriteResult.Fail("", L["You cannot delete this post."]);
            var cleanReason = TextRules.Clean(reason);
            if (TextRules.HasForbiddenCharacters(reason) || cleanReason.Length > 300)
                return WriteResult.Fail("Reason", L["Keep the reason short (up to 300 characters) and plain."]);
            if (post.AuthorId != actor.Id && cleanReason.Length == 0) return WriteResult.Fail("Reason", L["Say why you delete someone else's post: the author will see it."]);
            SoftDelete(session, thread, post, actor.Name, cleanReason);
            if (moderator && post.AuthorId != actor.Id)
                session.Store(new AuditEntry { ActorId = actor.Id, ActorName = actor.Name, Action = "deleted post in", SubjectName = thread.Title, Details = $"#{post.Number}: {cleanReason}" });
            return Changed(session, thread, post, "delete", clock.GetUtcNow());
        });

    /// <summary>
    /// Replaces a post by a note saying who deleted it and why; deleting the first post takes the thread out of its
    /// space. Shared by authors, moderators and the review queue.
    /// </summary>
    public static void SoftDelete(IDocumentSession session, ForumThread thread, Post post, string byName, string reason)
    {
        post.Deleted = true;
        post.DeletedByName = byName;
        post.DeletedReason = reason;
        session.Store(post);
        if (post.Number != 1 || thread.Deleted) return;
        thread.Deleted = true;
        thread.DeletedReason = reason;
        session.Patch<Space>(thread.SpaceId).Increment(s => s.ThreadCount, -1);
    }

    public async Task<WriteResult> ReactAsync(ClaimsPrincipal user, Space space, Guid postId, string? reaction, CancellationToken ct)
    {
        if (!Reactions.IsKnown(reaction)) return WriteResult.Fail("", L["Unknown reaction."]);
        if (!ForumAccess.CanPost(space, user)) return WriteResult.Fail("", L["You cannot react in this space."]);
        return await ChangePostAsync(postId, user, ct, (session, thread, post, actor) =>
        {
            if (post.Deleted) return WriteResult.Fail("", L["This post was deleted."]);
            var who = post.Reactions.TryGetValue(reaction!, out var list) ? list : post.Reactions[reaction!] = [];
            if (!who.Remove(actor.Id)) who.Add(actor.Id);
            if (who.Count == 0) post.Reactions.Remove(reaction!);
            session.Store(post);
            return Changed(session, thread, post, "react", clock.GetUtcNow());
        });
    }

    /// <summary>The question's author (or a moderator) marks the reply that answered it; choosing it again un-marks it.</summary>
    public async Task<WriteResult> AcceptAsync(ClaimsPrincipal user, Space space, Guid postId, CancellationToken ct) =>
        await ChangePostAsync(postId, user, ct, (session, thread, post, actor) =>
        {
            if (thread.Kind != ThreadKind.Question || post.Number == 1 || post.Deleted) return WriteResult.Fail("", L["Only a reply to a question can be its accepted answer."]);
            if (thread.AuthorId != actor.Id && !ForumAccess.CanModerate(space, user)) return WriteResult.Fail("", L["Only the person who asked can accept an answer."]);
            var now = clock.GetUtcNow();
            thread.AcceptedPostNumber = thread.AcceptedPostNumber == post.Number ? null : post.Number;
            var result = Changed(session, thread, post, "accept", now);
            if (thread.AcceptedPostNumber is null || post.AuthorId == actor.Id) return result;
            session.Insert(new Notification { MemberId = post.AuthorId, Kind = NotificationKind.AcceptedAnswer, ThreadId = thread.Id, ThreadTitle = thread.Title, PostNumber = post.Number, ActorName = actor.Name, CreatedAt = now });
            return result with { Notify = [post.AuthorId] };
        });

    /// <summary>A change to one post (and its thread), made under the thread's lock: see <see cref="LockedChangeAsync"/>.</summary>
    public Task<WriteResult> ChangePostAsync(Guid postId, ClaimsPrincipal user, CancellationToken ct,
        Func<IDocumentSession, ForumThread, Post, Member, WriteResult> change) => ChangePostAsync(postId, user, ct, (s, t, p, m) => Task.FromResult(change(s, t, p, m)));

    public async Task<WriteResult> ChangePostAsync(Guid postId, ClaimsPrincipal user, CancellationToken ct,
        Func<IDocumentSession, ForumThread, Post, Member, Task<WriteResult>> change)
    {
        Guid? threadId;
        await using (var lookup = store.QuerySession()) threadId = (await lookup.LoadAsync<Post>(postId, ct))?.ThreadId;
        if (threadId is not Guid locked) return WriteResult.Fail("", L["This post no longer exists."]);
        return await LockedChangeAsync(locked, user, ct, async (session, thread, actor) =>
            await session.LoadAsync<Post>(postId, ct) is { } post && post.ThreadId == thread.Id // read again under the lock
                ? await change(session, thread, post, actor)
                : WriteResult.Fail("", L["This post no longer exists."]));
    }

    /// <summary>A change to a thread itself (pin, lock, move), made under its lock.</summary>
    public Task<WriteResult> ChangeThreadAsync(Guid threadId, ClaimsPrincipal user, CancellationToken ct, Func<IDocumentSession, ForumThread, Member, WriteResult> change) =>
        LockedChangeAsync(threadId, user, ct, (s, t, m) => Task.FromResult(change(s, t, m)));

    /// <summary>
    /// The one way an existing thread changes: writers to a thread queue on a PostgreSQL advisory lock (on every node),
    /// read the thread afresh, change it, save in one transaction (retrying the rare conflict), and only after the
    /// commit is the change pushed live and are notified members told their new count.
    /// </summary>
    private async Task<WriteResult> LockedChangeAsync(Guid threadId, ClaimsPrincipal user, CancellationToken ct,
        Func<IDocumentSession, ForumThread, Member, Task<WriteResult>> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            await session.LockAsync(threadId, ct);
            var thread = await session.LoadAsync<ForumThread>(threadId, ct);
            var actor = await session.LoadAsync<Member>(user.MemberId() ?? Guid.Empty, ct);
            if (thread is null || actor is null) return WriteResult.Fail("", L["This thread no longer exists."]);
            var result = await change(session, thread, actor);
            if (!result.Ok || !result.Saves) return result; // refused, or nothing changed
            session.Store(thread);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (WriteConflicts.IsConflict(e) && attempt < Attempts)
            {
                continue;
            }
            if (result.Event is { } pushed) await live.ThreadChangedAsync(thread, pushed);
            if (result.Notify.Count > 0) await live.NotifyAsync(result.Notify);
            return result;
        }
    }

    /// <summary>Records a visible change as the thread's next event (stored in the same transaction) and asks for a save.</summary>
    public static WriteResult Changed(IDocumentSession session, ForumThread thread, Post? post, string kind, DateTimeOffset now)
    {
        var change = thread.NextEvent(kind, post?.Number ?? 0, now);
        session.Insert(change);
        return new(new Dictionary<string, string>(), thread, post, change) { Saves = true };
    }

    private static Post NewPost(ForumThread thread, Member member, string markdown, string html, int number, int? replyTo, DateTimeOffset now) => new()
    {
        ThreadId = thread.Id, SpaceId = thread.SpaceId, Number = number, AuthorId = member.Id, AuthorName = member.Name, AuthorHandle = member.Handle,
        Markdown = markdown, Html = html, ReplyToNumber = replyTo, CreatedAt = now,
    };

    /// <summary>New members post at a limited pace for their first days: spam and heat cool off, real newcomers barely notice.</summary>
    private async Task<string?> PostingLimitAsync(IQuerySession session, Member member, CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        if (member.Has(Role.Moderator) || member.Has(Role.Administrator) || now - member.JoinedAt > TimeSpan.FromDays(o.NewMemberDays)) return null;
        var since = now.AddHours(-1);
        var recent = await session.Query<Post>().CountAsync(p => p.AuthorId == member.Id && p.CreatedAt > since, ct);
        return recent >= o.NewMemberPostsPerHour
            ? L["In your first {0} days you can post {1} times an hour. Your text is kept: post it a little later.", o.NewMemberDays, o.NewMemberPostsPerHour].Value
            : null;
    }
}
