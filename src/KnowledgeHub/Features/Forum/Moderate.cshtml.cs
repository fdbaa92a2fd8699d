using KnowledgeHub.Features.Admin;
using KnowledgeHub.Features.Members;
using Marten;
using Marten.Patching;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Forum;

/// <summary>Pin, lock and move: moderators of the space only, each written to the audit log and pushed live.</summary>
[Authorize]
public sealed class ModerateModel(IDocumentStore store, PostWriter writer, ForumNotifier live) : PageModel
{
    public IActionResult OnGet(Guid id) => Redirect($"/t/{id}");

    public Task<IActionResult> OnPostPinAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, null, ct, thread => { thread.Pinned = !thread.Pinned; return thread.Pinned ? "pinned" : "unpinned"; });

    public Task<IActionResult> OnPostLockAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, null, ct, thread => { thread.Locked = !thread.Locked; return thread.Locked ? "locked" : "unlocked"; });

    public Task<IActionResult> OnPostMoveAsync(Guid id, string? spaceId, CancellationToken ct) =>
        spaceId is null ? Task.FromResult<IActionResult>(BadRequest()) : ChangeAsync(id, spaceId, ct, thread => $"moved from {thread.SpaceId} to");

    private async Task<IActionResult> ChangeAsync(Guid id, string? targetSpaceId, CancellationToken ct, Func<ForumThread, string> change)
    {
        Space space, target;
        await using (var session = store.QuerySession())
        {
            if (await session.ReadableThreadAsync(id, User, ct) is not (_, var s) || !ForumAccess.CanModerate(s, User)) return NotFound();
            var t = targetSpaceId is null ? s : await session.LoadAsync<Space>(targetSpaceId, ct);
            if (t is null || !ForumAccess.CanModerate(t, User)) return BadRequest();
            if (t.Id != s.Id && !ForumAccess.CanMoveBetween(s, t)) return BadRequest();
            (space, target) = (s, t);
        }
        var moving = target.Id != space.Id;
        var result = await writer.ChangeThreadAsync(id, User, ct, (session, thread, moderator) =>
        {
            if (thread.SpaceId != space.Id) return WriteResult.Fail("", "The thread moved meanwhile.");
            var action = change(thread);
            if (moving)
            {
                thread.SpaceId = target.Id;
                session.Patch<Space>(space.Id).Increment(s => s.ThreadCount, -1);
                session.Patch<Space>(target.Id).Increment(s => s.ThreadCount);
                // Posts carry their space for search and feeds: they move with the thread.
                session.Patch<Post>(p => p.ThreadId == thread.Id).Set(p => p.SpaceId, target.Id);
            }
            session.Store(new AuditEntry { ActorId = moderator.Id, ActorName = moderator.Name, Action = action, SubjectName = thread.Title, Details = moving ? target.Name : "" });
            return PostWriter.Changed(session, thread, null, "thread", DateTimeOffset.UtcNow);
        });
        if (!result.Ok) return NotFound();
        if (moving)
        {
            await live.SpaceChangedAsync(space.Id); // the old list no longer holds the thread
            await RevokeReadersAsync(result.Thread!, target);
        }
        return Redirect($"/t/{id}");
    }

    /// <summary>A thread moved into a space some readers may not read: their open live connections are closed for it.</summary>
    private async Task RevokeReadersAsync(ForumThread thread, Space target)
    {
        if (target.Visibility != SpaceVisibility.Private) return;
        await using var session = store.QuerySession();
        var readers = await session.Query<Reading>().Where(r => r.ThreadId == thread.Id).Select(r => r.MemberId).ToListAsync();
        foreach (var member in await session.LoadManyAsync<Member>(readers.Distinct().ToArray()))
            if (!ForumAccess.CanRead(target, member, AccessClock.Now)) await live.RevokeAsync(member.Id, t => t != thread.Id, _ => true);
    }
}
