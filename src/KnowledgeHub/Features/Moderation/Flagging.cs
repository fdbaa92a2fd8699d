using System.Security.Claims;
using KnowledgeHub.Features.Admin;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Postgres;
using KnowledgeHub.Infrastructure.Text;
using Marten;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Moderation;

/// <summary>
/// Reports and their review. A post is hidden (to all but its author and moderators) once enough members flag it,
/// or at once when a flag says a child's safety is at stake, until a moderator dismisses or removes it.
/// </summary>
public sealed class Flagging(IDocumentStore store, ForumNotifier live, IOptions<ForumOptions> options, TimeProvider clock, IStringLocalizer<SharedResource> L)
{
    public const int NoteMax = 500;

    public async Task<string?> FlagAsync(ClaimsPrincipal user, Guid postId, FlagReason reason, string? note, CancellationToken ct)
    {
        if (!Enum.IsDefined(reason)) return L["Choose a reason."];
        if (TextRules.HasForbiddenCharacters(note, allowLineBreaks: true) || (note?.Length ?? 0) > NoteMax) return L["Keep the note under {0} characters, in plain text.", NoteMax];
        if (reason == FlagReason.Other && string.IsNullOrWhiteSpace(note)) return L["Say briefly what is wrong."];
        var me = user.MemberId() ?? Guid.Empty;

        await using var session = store.LightweightSession();
        var threadId = (await session.LoadAsync<Post>(postId, ct))?.ThreadId ?? Guid.Empty;
        await session.LockAsync(threadId, ct);
        var post = await session.LoadAsync<Post>(postId, ct);
        if (post is null || await session.ReadableThreadAsync(post.ThreadId, user, ct) is not (var thread, var space) || !ForumAccess.CanPost(space, user))
            return L["This post no longer exists."];
        if (post.AuthorId == me) return L["You cannot flag your own post."];
        if (await session.LoadAsync<Flag>(Flag.IdFor(me, postId), ct) is { Outcome: FlagOutcome.Open }) return null; // already reported: once is enough

        session.Store(new Flag
        {
            Id = Flag.IdFor(me, postId), PostId = postId, ThreadId = post.ThreadId, SpaceId = post.SpaceId, ReporterId = me,
            ReporterName = user.Identity?.Name ?? "", Reason = reason, Note = TextRules.Clean(note), CreatedAt = clock.GetUtcNow(),
        });
        post.OpenFlags++;
        var hide = !post.Hidden && (post.OpenFlags >= options.Value.FlagsToHide || reason == FlagReason.ChildSafety);
        if (hide) post.Hidden = true;
        session.Store(post);
        var change = hide ? Next(thread, post) : null;
        if (change is not null) { session.Store(thread); session.Insert(change); }
        await session.SaveChangesAsync(ct);
        if (change is not null) await live.ThreadChangedAsync(thread, change);
        return null;
    }

    /// <summary>Dismiss: the post shows again and its open flags close. Remove: the post is deleted with the moderator's reason.</summary>
    public async Task<bool> ResolveAsync(ClaimsPrincipal user, Guid postId, FlagOutcome outcome, string? reason, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var threadId = (await session.LoadAsync<Post>(postId, ct))?.ThreadId ?? Guid.Empty;
        await session.LockAsync(threadId, ct);
        var post = await session.LoadAsync<Post>(postId, ct);
        if (post is null || await session.ReadableThreadAsync(post.ThreadId, user, ct) is not (var thread, var space) || !ForumAccess.CanModerate(space, user)) return false;
        var now = clock.GetUtcNow();
        var flags = await session.Query<Flag>().Where(f => f.PostId == postId && f.Outcome == FlagOutcome.Open).ToListAsync(ct);
        foreach (var f in flags)
        {
            (f.Outcome, f.ResolvedByName, f.ResolvedAt) = (outcome, user.Identity?.Name, now);
            session.Store(f);
        }
        post.OpenFlags = 0;
        post.Hidden = false;
        var cleanReason = TextRules.Clean(reason);
        if (outcome == FlagOutcome.Removed)
        {
            post.Deleted = true;
            post.DeletedByName = user.Identity?.Name;
            post.DeletedReason = cleanReason.Length > 0 ? cleanReason[..Math.Min(300, cleanReason.Length)] : L[$"FlagReason.{flags.FirstOrDefault()?.Reason ?? FlagReason.Other}"].Value;
            if (post.Number == 1) thread.Deleted = true;
        }
        session.Store(post);
        var change = Next(thread, post);
        session.Store(thread);
        session.Insert(change);
        session.Store(new AuditEntry
        {
            ActorId = user.MemberId(), ActorName = user.Identity?.Name ?? "", Action = outcome == FlagOutcome.Removed ? "removed flagged post in" : "dismissed flags on post in",
            SubjectName = thread.Title, Details = $"#{post.Number}, {flags.Count} flag(s) {string.Join(", ", flags.Select(f => f.Reason).Distinct())}",
        });
        await session.SaveChangesAsync(ct);
        await live.ThreadChangedAsync(thread, change);
        return true;
    }

    private ThreadEvent Next(ForumThread thread, Post post) => thread.NextEvent("edit", post.Number, clock.GetUtcNow());
}
