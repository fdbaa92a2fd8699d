using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Content;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = KnowledgeHub.Infrastructure.VisitorPagePolicy.Name, Tags = [KnowledgeHub.Infrastructure.VisitorPagePolicy.ContentTag])]
public sealed class GlossaryModel(IQuerySession session) : PageModel
{
    public IReadOnlyList<GlossaryTerm> Terms { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Terms = (await session.Query<GlossaryTerm>().ToListAsync(ct)).OrderBy(t => t.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
}
