using KnowledgeHub.Features.Forum;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.CaseStudies;

/// <summary>The member's own case studies in every state, most recently changed first.</summary>
[Authorize]
public sealed class MineModel(IQuerySession session) : PageModel
{
    public IReadOnlyList<CaseStudy> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = User.MemberId();
        Items = await session.Query<CaseStudy>().Where(c => c.AuthorId == me).OrderByDescending(c => c.UpdatedAt).Take(500).ToListAsync(ct);
    }
}
