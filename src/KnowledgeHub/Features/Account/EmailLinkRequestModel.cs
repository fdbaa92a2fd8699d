using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Account;

/// <summary>
/// A page where someone types an address to be sent a link (new confirmation, password reset). The answer is the
/// same whether or not the address belongs to a member, so the page cannot be used to find out who is one.
/// </summary>
public abstract class EmailLinkRequestModel(IDocumentSession session, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (EmailRules.Problem(Email) is { } problem)
        {
            ModelState.AddModelError(nameof(Email), L[problem]);
            return Page();
        }
        var member = await session.Query<Member>().FirstOrDefaultAsync(m => m.EmailNormalized == Member.Normalize(Email!), ct);
        if (member is { Suspended: false } && PrepareLink(member) is { } send)
        {
            session.Store(member);
            await session.SaveChangesAsync(ct); // the token is stored before the email that carries it leaves
            await send(ct);
        }
        Sent = true;
        return Page();
    }

    /// <summary>Sets the member's token and returns how to send its email; null when this member needs no link.</summary>
    protected abstract Func<CancellationToken, Task>? PrepareLink(Member member);
}
