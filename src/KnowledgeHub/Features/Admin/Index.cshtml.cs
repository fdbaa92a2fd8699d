using KnowledgeHub.Features.Account;
using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Admin;

[Authorize(Policy = AccountModule.AdministratorPolicy)]
public sealed class IndexModel(IQuerySession session) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Role { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    public IReadOnlyList<Member> Members { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyList<AuditEntry> RecentActions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        var query = session.Query<Member>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(Q) && Q.Length <= 200)
        {
            var q = Q.Trim();
            query = query.Where(m => m.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || m.Email.Contains(q, StringComparison.OrdinalIgnoreCase));
        }
        if (Enum.TryParse<Role>(Role, out var role)) query = query.Where(m => m.Roles.Contains(role));
        Total = await query.CountAsync(ct);
        Members = await query.OrderBy(m => m.Name).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        RecentActions = await session.Query<AuditEntry>().OrderByDescending(a => a.At).Take(20).ToListAsync(ct);
    }
}
