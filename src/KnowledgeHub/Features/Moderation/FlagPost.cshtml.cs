using KnowledgeHub.Features.Forum;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Moderation;

[Authorize]
public sealed class FlagPostModel(IQuerySession session, Flagging flagging, IStringLocalizer<SharedResource> L) : PageModel
{
    public Post Post { get; private set; } = null!;
    public ForumThread Thread { get; private set; } = null!;
    [BindProperty] public FlagReason? Reason { get; set; }
    [BindProperty] public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        var problem = Reason is FlagReason r ? await flagging.FlagAsync(User, id, r, Note, ct) : L["Choose a reason."];
        if (problem is not null)
        {
            ModelState.AddModelError(Reason is null ? nameof(Reason) : nameof(Note), problem);
            return Page();
        }
        TempData["Notice"] = L["Thank you. Moderators will look at this post."].Value;
        return Redirect($"/t/{Post.ThreadId}/{Post.Number}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await session.ReadablePostAsync(id, User, ct) is not ({ Deleted: false } post, var thread, _)) return false;
        (Post, Thread) = (post, thread);
        return true;
    }
}
