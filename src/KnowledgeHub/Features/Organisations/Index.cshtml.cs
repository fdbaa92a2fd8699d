using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Organisations;

public sealed class IndexModel(IQuerySession session) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Sector { get; set; }
    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = session.Query<Organisation>().AsQueryable();
        if (Enum.TryParse<Sector>(Sector, out var sector)) query = query.Where(o => o.Sector == sector);
        if (Countries.IsKnown(Country)) query = query.Where(o => o.Country == Country);
        Organisations = await query.OrderBy(o => o.Name).Take(500).ToListAsync(ct);
    }
}
