using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Organisations;

public sealed class DetailsModel(IQuerySession session) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;
    public IReadOnlyList<(Guid Id, string Name)> Members { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var organisation = await session.LoadAsync<Organisation>(id, ct);
        if (organisation is null) return NotFound();
        Organisation = organisation;
        var members = await session.Query<Member>()
            .Where(m => m.OrganisationId == id && m.EmailConfirmed && !m.Suspended)
            .OrderBy(m => m.Name).Select(m => new { m.Id, m.Name }).Take(200).ToListAsync(ct);
        Members = members.Select(m => (m.Id, m.Name)).ToList();
        return Page();
    }
}
