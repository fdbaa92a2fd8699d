using System.Security.Claims;
using KnowledgeHub.Features.Admin;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Infrastructure.Text;
using Marten;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Moderation;

/// <summary>
/// Reports and their review. A post is hidden (to all but its author and moderators) once enough members flag it,
/// or at once when a flag says a child's safety is at stake, until a moderator dismisses or removes it.
/// Both go through <see cref="PostWriter.ChangePostAsync(Guid, ClaimsPrincipal, CancellationToken, Func{IDocumentSession, ForumThread, Post, KnowledgeHub.Features.Members.Member, Task{WriteResult}})"/>:
/// the thread's lock, one transaction, the live push after the commit.
/// </summary>
public sealed class Flagging(IDocumentStore store, PostWriter writer, IOptions<ForumOptions> options, TimeProvider clock, IStringLocalizer<SharedResource> L)
{
    public const int NoteMax = 500;

    public async Task<string?> FlagAsync(ClaimsPrincipal user, Guid postId, FlagReason reason, string? note, CancellationToken ct)
    {
        if (!Enum.IsDefined(reason)) return L["Choose a reason."];
        if (TextRules.HasForbiddenCharacters(note, allowLineBreaks: true) || (note?.Length ?? 0) > NoteMax) return L["Keep the note under {0} characters, in plain text.", NoteMax];
        if (reason == FlagReason.Other && string.IsNullOrWhiteSpace(note)) return L["Say briefly what is wrong."];
        if (await ReadableSpaceOfAsync(postId, user, ct) is not { } space || !ForumAccess.CanPost(space, user)) return L["This post no longer exists."];

        var result = await writer.ChangePostAsync(postId, user, ct, async (session, thread, post, reporter) =>
        {
            if (post.AuthorId == reporter.Id) return WriteResult.Fail("", L["You cannot flag your own post."]);
            if (await session.LoadAsync<Flag>(Flag.IdFor(reporter.Id, postId), ct) is { Outcome: FlagOutcome.Open }) return WriteResult.Unchanged(thread, post); // once is enough
            session.Store(new Flag
            {
                Id = Flag.IdFor(reporter.Id, postId), PostId = postId, ThreadId = post.ThreadId, SpaceId = post.SpaceId, ReporterId = reporter.Id,
                ReporterName = reporter.Name, Reason = reason, Note = TextRules.Clean(note), CreatedAt = clock.GetUtcNow(),
            });
            post.OpenFlags++;
            session.Store(post);
            if (post.Hidden || (post.OpenFlags < options.Value.FlagsToHide && reason != FlagReason.ChildSafety))
                return WriteResult.Unchanged(thread, post) with { Saves = true }; // recorded; nothing readers see changes
            post.Hidden = true;
            return PostWriter.Changed(session, thread, post, "edit", clock.GetUtcNow());
        });
        return result.Ok ? null : result.Errors.Values.First();
    }

    /// <summary>Dismiss: the post shows again and its open flags close. Remove: the post is deleted with the moderator's reason.</summary>
    public async Task<bool> ResolveAsync(ClaimsPrincipal user, Guid postId, FlagOutcome outcome, string? reason, CancellationToken ct)
    {
        if (await ReadableSpaceOfAsync(postId, user, ct) is not { } space || !ForumAccess.CanModerate(space, user)) return false;
        var result = await writer.ChangePostAsync(postId, user, ct, async (session, thread, post, moderator) =>
        {
            var now = clock.GetUtcNow();
            var flags = await session.Query<Flag>().Where(f => f.PostId == postId && f.Outcome == FlagOutcome.Open).ToListAsync(ct);
            foreach (var f in flags)
            {
                (f.Outcome, f.ResolvedByName, f.ResolvedAt) = (outcome, moderator.Name, now);
                session.Store(f);
            }
            post.OpenFlags = 0;
            post.Hidden = false;
            session.Store(post);
            if (outcome == FlagOutcome.Removed)
            {
                var cleanReason = TextRules.Clean(reason);
                PostWriter.SoftDelete(session, thread, post, moderator.Name,
                    cleanReason.Length > 0 ? cleanReason[..Math.Min(300, cleanReason.Length)] : L[$"FlagReason.{flags.FirstOrDefault()?.Reason ?? FlagReason.Other}"].Value);
            }
            session.Store(new AuditEntry
            {
                ActorId = moderator.Id, ActorName = moderator.Name, Action = outcome == FlagOutcome.Removed ? "removed flagged post in" : "dismissed flags on post in",
                SubjectName = thread.Title, Details = $"#{post.Number}, {flags.Count} flag(s) {string.Join(", ", flags.Select(f => f.Reason).Distinct())}",
            });
            return PostWriter.Changed(session, thread, post, "edit", now);
        });
        return result.Ok;
    }

    private async Task<Space?> ReadableSpaceOfAsync(Guid postId, ClaimsPrincipal user, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.ReadablePostAsync(postId, user, ct) is (_, _, var space) ? space : null;
    }
}
