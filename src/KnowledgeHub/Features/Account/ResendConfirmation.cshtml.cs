using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Account;

[EnableRateLimiting(AccountModule.RateLimitPolicy)]
public sealed class ResendConfirmationModel(IDocumentSession session, AccountEmails emails, IOptions<AccountOptions> options,
    IStringLocalizer<SharedResource> L) : PageModel
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
        if (member is { EmailConfirmed: false, Suspended: false })
        {
            var (token, hash) = Tokens.Create();
            member.EmailTokenHash = hash;
            member.EmailTokenExpires = DateTimeOffset.UtcNow.AddHours(options.Value.EmailTokenHours);
            session.Store(member);
            await session.SaveChangesAsync(ct);
            await emails.SendConfirmationAsync(member, token, ct);
        }
        Sent = true; // the same answer whether or not the address is known: no probing who is a member
        return Page();
    }
}
