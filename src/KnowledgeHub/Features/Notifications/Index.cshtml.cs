using KnowledgeHub.Features.Forum;
using Marten;
using Marten.Patching;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Notifications;

[Authorize]
public sealed class IndexModel(IDocumentSession session, ForumNotifier live) : PageModel
{
    public IReadOnlyList<Notification> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = User.MemberId()!.Value;
        Items = await session.Query<Notification>().Where(n => n.MemberId == me).OrderByDescending(n => n.CreatedAt).Take(100).ToListAsync(ct);
    }

    /// <summary>Opening one marks it read and goes to the post or page it is about.</summary>
    public async Task<IActionResult> OnPostOpenAsync(Guid id, CancellationToken ct)
    {
        var me = User.MemberId()!.Value;
        var item = await session.LoadAsync<Notification>(id, ct);
        if (item is null || item.MemberId != me) return NotFound();
        if (item.ReadAt is null)
        {
            item.ReadAt = DateTimeOffset.UtcNow;
            session.Store(item);
            await session.SaveChangesAsync(ct);
            await live.NotifyAsync([me]);
        }
        return LocalRedirect(item.Path());
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var me = User.MemberId()!.Value;
        session.Patch<Notification>(n => n.MemberId == me && n.ReadAt == null).Set(n => n.ReadAt, DateTimeOffset.UtcNow);
        await session.SaveChangesAsync(ct);
        await live.NotifyAsync([me]);
        return Redirect("/notifications");
    }
}
