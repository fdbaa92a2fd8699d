using KnowledgeHub.Features.Content;
using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Home;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = KnowledgeHub.Infrastructure.VisitorPagePolicy.Name, Tags = [KnowledgeHub.Infrastructure.VisitorPagePolicy.ContentTag])]
public sealed class IndexModel(IQuerySession session) : PageModel
{
    public ContentPage? About { get; private set; }
    public int TermCount { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        About = await session.Query<ContentPage>().FirstOrDefaultAsync(p => p.Slug == "about", ct);
        TermCount = await session.Query<GlossaryTerm>().CountAsync(ct);
    }
}
