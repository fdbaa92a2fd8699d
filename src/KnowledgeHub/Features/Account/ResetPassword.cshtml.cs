using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Account;

[EnableRateLimiting(AccountModule.RateLimitPolicy)]
public sealed class ResetPasswordModel(IDocumentSession session, IPasswordHasher<Member> hasher, TimeProvider clock,
    IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Member { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }
    public bool LinkValid { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => LinkValid = await FindAsync(ct) is not null;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var member = await FindAsync(ct);
        if (member is null) return Page();
        LinkValid = true;
        if (PasswordPolicy.Problem(Password, member.Email, member.Name) is { } problem) ModelState.AddModelError(nameof(Password), L[problem]);
        else if (Password != ConfirmPassword) ModelState.AddModelError(nameof(ConfirmPassword), L["The two passwords do not match."]);
        if (!ModelState.IsValid)
        {
            Password = ConfirmPassword = null;
            return Page();
        }
        member.PasswordHash = hasher.HashPassword(member, Password!);
        member.ResetTokenHash = null;
        member.ResetTokenExpires = null;
        member.EmailConfirmed = true; // the link proved the address
        member.SecurityStamp = Members.Member.NewStamp(); // signs out every other session
        session.Store(member);
        session.Delete<SignInRecord>(member.Id); // a reset also lifts a lockout
        await session.SaveChangesAsync(ct);
        TempData["Notice"] = L["Your password is changed. Sign in with the new one."].Value;
        return RedirectToPage("SignIn");
    }

    private async Task<Member?> FindAsync(CancellationToken ct)
    {
        var member = Member == Guid.Empty ? null : await session.LoadAsync<Member>(Member, ct);
        return member is not null && !member.Suspended && Tokens.Matches(Token, member.ResetTokenHash) && member.ResetTokenExpires > clock.GetUtcNow()
            ? member : null;
    }
}
