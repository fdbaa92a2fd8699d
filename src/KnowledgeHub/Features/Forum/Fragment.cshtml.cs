using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Forum;

/// <summary>One post rendered exactly as on the thread page, for live updates; same access rules, no layout.</summary>
public sealed class FragmentModel(IQuerySession session) : PageModel
{
    public PostView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, int number, CancellationToken ct)
    {
        if (await session.ReadableThreadAsync(id, User, ct) is not (var thread, var space)) return NotFound();
        var post = await session.Query<Post>().FirstOrDefaultAsync(p => p.ThreadId == id && p.Number == number, ct);
        if (post is null) return NotFound();
        View = PostView.For(post, thread, space, User);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
