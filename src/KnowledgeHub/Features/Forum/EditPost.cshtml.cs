using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Forum;

[Authorize]
public sealed class EditPostModel(IDocumentSession session, PostWriter writer) : PageModel
{
    public Post Post { get; private set; } = null!;
    public ForumThread Thread { get; private set; } = null!;
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? Title { get; set; }
    /// <summary>How many revisions existed when the form was opened: a save over a newer edit is refused, the text kept.</summary>
    [BindProperty] public int BaseRevisions { get; set; }
    private Space space = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Body = (await Drafts.LoadAsync(session, User.MemberId()!.Value, $"edit:{id}", ct))?.Markdown is { Length: > 0 } draft ? draft : Post.Markdown;
        Title = Thread.Title;
        BaseRevisions = Post.Revisions.Count;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        var result = await writer.EditAsync(User, space, id, Body, Post.Number == 1 ? Title : null, BaseRevisions, ct);
        if (result.Ok) return Redirect($"/t/{Thread.Id}/{Post.Number}");
        foreach (var (field, message) in result.Errors) ModelState.AddModelError(field, message);
        await Drafts.SaveAsync(session, User.MemberId()!.Value, $"edit:{id}", Title, Body, null, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await session.ReadablePostAsync(id, User, ct) is not (var post, var thread, var s)) return false;
        if (!ForumAccess.CanEdit(s, thread, post, User)) return false;
        (Post, Thread, space) = (post, thread, s);
        return true;
    }
}
