using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Content;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = KnowledgeHub.Infrastructure.VisitorPagePolicy.Name, Tags = [KnowledgeHub.Infrastructure.VisitorPagePolicy.ContentTag])]
public sealed class ShowPageModel(IQuerySession session) : PageModel
{
    public ContentPage Document { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var page = await session.Query<ContentPage>().FirstOrDefaultAsync(p => p.Slug == slug, ct);
        if (page is null) return NotFound();
        Document = page;
        return Page();
    }
}
