using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Members;

public sealed class ProfileModel(IQuerySession session) : PageModel
{
    public Member Member { get; private set; } = null!;
    public bool IsOwn { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (id == "me")
        {
            if (User.Identity?.IsAuthenticated != true) return Challenge();
            id = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        }
        var member = Guid.TryParse(id, out var guid) ? await session.LoadAsync<Member>(guid, ct) : null;
        // Suspended or unconfirmed members are not shown to others: the same 404 as an unknown id.
        IsOwn = member is not null && member.Id.ToString() == User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (member is null || (!IsOwn && (member.Suspended || !member.EmailConfirmed) && !User.IsInRole(nameof(Role.Administrator))))
            return NotFound();
        Member = member;
        return Page();
    }
}
