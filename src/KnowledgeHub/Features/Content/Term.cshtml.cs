using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Content;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = KnowledgeHub.Infrastructure.VisitorPagePolicy.Name, Tags = [KnowledgeHub.Infrastructure.VisitorPagePolicy.ContentTag])]
public sealed class TermModel(IQuerySession session) : PageModel
{
    public GlossaryTerm Term { get; private set; } = null!;
    public IReadOnlyList<GlossaryTerm> Related { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var term = await session.Query<GlossaryTerm>().FirstOrDefaultAsync(t => t.Slug == slug, ct);
        if (term is null) return NotFound();
        Term = term;
        var related = term.Related.ToArray();
        Related = related.Length == 0 ? [] : await session.Query<GlossaryTerm>().Where(t => t.Slug.IsOneOf(related)).ToListAsync(ct);
        return Page();
    }
}
