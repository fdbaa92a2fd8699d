using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Account;

[EnableRateLimiting(AccountModule.RateLimitPolicy)]
public sealed class ForgotPasswordModel(IDocumentSession session, AccountEmails emails, IOptions<AccountOptions> options,
    TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
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
        if (member is { Suspended: false })
        {
            var (token, hash) = Tokens.Create();
            member.ResetTokenHash = hash;
            member.ResetTokenExpires = clock.GetUtcNow().AddMinutes(options.Value.ResetTokenMinutes);
            session.Store(member);
            await session.SaveChangesAsync(ct);
            await emails.SendPasswordResetAsync(member, token, ct);
        }
        Sent = true; // same answer for unknown addresses
        return Page();
    }
}
