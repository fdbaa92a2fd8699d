using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Account;

public sealed class ConfirmEmailModel(IDocumentSession session, TimeProvider clock) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid member, string? token, CancellationToken ct)
    {
        var found = await session.LoadAsync<Member>(member, ct);
        if (found is not null && found.EmailConfirmed && found.EmailTokenHash is null)
        {
            Confirmed = true; // a second click on the same link: already done, say so
            return Page();
        }
        if (found is null || !Tokens.Matches(token, found.EmailTokenHash) || found.EmailTokenExpires < clock.GetUtcNow())
            return Page();

        found.EmailConfirmed = true;
        found.EmailTokenHash = null;
        found.EmailTokenExpires = null;
        session.Store(found);
        await session.SaveChangesAsync(ct);
        Confirmed = true;
        return Page();
    }
}
