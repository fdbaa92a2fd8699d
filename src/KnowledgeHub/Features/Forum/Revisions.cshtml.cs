using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Forum;

/// <summary>Earlier versions of a post, open to everyone who can read the thread (unless the post is hidden or deleted).</summary>
public sealed class RevisionsModel(IQuerySession session) : PageModel
{
    public Post Post { get; private set; } = null!;
    public ForumThread Thread { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await session.ReadablePostAsync(id, User, ct) is not (var post, var thread, var space)) return NotFound();
        if (!ForumAccess.CanSeeText(space, post, User)) return NotFound();
        (Post, Thread) = (post, thread);
        return Page();
    }
}
