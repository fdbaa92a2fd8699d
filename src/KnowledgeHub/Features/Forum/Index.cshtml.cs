using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Forum;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = KnowledgeHub.Infrastructure.VisitorPagePolicy.Name, Tags = [KnowledgeHub.Infrastructure.VisitorPagePolicy.ForumTag])]
public sealed class IndexModel(IQuerySession session, ForumReadCache reads) : PageModel
{
    public IReadOnlyList<Space> Spaces { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Spaces = (await session.ReadableSpacesAsync(User, ct, cache: reads)).Where(s => s.CircleId is null).ToList(); // circles are reached from Mentoring
}
