using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Forum;

[Authorize]
public sealed class DeletePostModel(IDocumentSession session, PostWriter writer) : PageModel
{
    public Post Post { get; private set; } = null!;
    public ForumThread Thread { get; private set; } = null!;
    [BindProperty] public string? Reason { get; set; }
    public bool OwnPost => Post.AuthorId == User.MemberId();
    private Space space = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        var result = await writer.DeleteAsync(User, space, id, Reason, ct);
        if (result.Ok) return Redirect(Post.Number == 1 ? $"/spaces/{space.Slug}" : $"/t/{Thread.Id}/{Post.Number}");
        foreach (var (field, message) in result.Errors) ModelState.AddModelError(field, message);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await session.ReadablePostAsync(id, User, ct) is not ({ Deleted: false } post, var thread, var s)) return false;
        if (post.AuthorId != User.MemberId() && !ForumAccess.CanModerate(s, User)) return false;
        (Post, Thread, space) = (post, thread, s);
        return true;
    }
}
