using KnowledgeHub.Infrastructure.Postgres;
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
public sealed class ModerateModel(IDocumentStore store, ForumNotifier live) : PageModel
{
    public IActionResult OnGet(Guid id) => Redirect($"/t/{id}");

    public Task<IActionResult> OnPostPinAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, ct, (thread, _) => { thread.Pinned = !thread.Pinned; return (thread.Pinned ? "pinned" : "unpinned", null); });

    public Task<IActionResult> OnPostLockAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, ct, (thread, _) => { thread.Locked = !thread.Locked; return (thread.Locked ? "locked" : "unlocked", null); });

    public Task<IActionResult> OnPostMoveAsync(Guid id, string? spaceId, CancellationToken ct) =>
        ChangeAsync(id, ct, (thread, target) =>
        {
            if (target is null) return (null, null);
            var from = thread.SpaceId;
            thread.SpaceId = target.Id;
            return ($"moved from {from} to", target);
        }, spaceId);

    private async Task<IActionResult> ChangeAsync(Guid id, CancellationToken ct, Func<ForumThread, Space?, (string? Action, Space? Target)> change, string? targetSpaceId = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            await session.LockAsync(id, ct);
            if (await session.ReadableThreadAsync(id, User, ct) is not (var thread, var space) || !ForumAccess.CanModerate(space, User)) return NotFound();
            Space? target = null;
            if (targetSpaceId is not null)
            {
                target = await session.LoadAsync<Space>(targetSpaceId, ct);
                if (target is null || !ForumAccess.CanModerate(target, User)) return BadRequest();
            }
            var (action, moved) = change(thread, target);
            if (action is null) return BadRequest();
            var now = DateTimeOffset.UtcNow;
            var e = thread.NextEvent("thread", 0, now);
            session.Store(thread);
            session.Insert(e);
            if (moved is not null)
            {
                session.Patch<Space>(space.Id).Increment(s => s.ThreadCount, -1);
                session.Patch<Space>(moved.Id).Increment(s => s.ThreadCount);
                // Posts carry their space for search and feeds: they move with the thread.
                session.Patch<Post>(p => p.ThreadId == thread.Id).Set(p => p.SpaceId, moved.Id);
            }
            var me = User.MemberId()!.Value;
            session.Store(new AuditEntry { ActorId = me, ActorName = User.Identity!.Name ?? "", Action = $"{action}", SubjectName = thread.Title, Details = moved?.Name ?? "" });
            try { await session.SaveChangesAsync(ct); }
            catch (Exception conflict) when (WriteConflicts.IsConflict(conflict) && attempt < 5) { continue; }
            await live.ThreadChangedAsync(thread, e);
            if (moved is not null) await RevokeReadersAsync(thread, moved);
            return Redirect($"/t/{id}");
        }
    }

    /// <summary>A thread moved into a space some readers may not read: their open live connections are closed for it.</summary>
    private async Task RevokeReadersAsync(ForumThread thread, Space target)
    {
        if (target.Visibility != SpaceVisibility.Private) return;
        await using var session = store.QuerySession();
        var readers = await session.Query<Reading>().Where(r => r.ThreadId == thread.Id).Select(r => r.MemberId).ToListAsync();
        foreach (var member in await session.LoadManyAsync<Member>(readers.Distinct().ToArray()))
            if (!ForumAccess.CanRead(target, member)) await live.RevokeAsync(member.Id, t => t != thread.Id, _ => true);
    }
}
