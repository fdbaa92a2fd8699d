using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Account;

[EnableRateLimiting(AccountModule.RateLimitPolicy)]
public sealed class SignInModel(MemberSignIn signIn, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public bool Remember { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (EmailRules.Problem(Email) is { } problem) ModelState.AddModelError(nameof(Email), L[problem]);
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), L["Enter your password."]);
        else if (Password.Length > PasswordPolicy.MaxLength) ModelState.AddModelError(nameof(Password), L["Email address or password is not right."]);
        if (!ModelState.IsValid) return Page();

        var result = await signIn.PasswordSignInAsync(Email!.Trim(), Password!, Remember, ct);
        Password = null;
        switch (result.Outcome)
        {
            case SignInOutcome.Success:
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
            case SignInOutcome.LockedOut:
                var minutes = Math.Max(1, (int)Math.Ceiling((result.LockedUntil!.Value - clock.GetUtcNow()).TotalMinutes));
                ModelState.AddModelError("", L["Too many wrong passwords. For your safety this account is locked for {0} minutes. You can reset your password meanwhile.", minutes]);
                break;
            case SignInOutcome.Suspended:
                ModelState.AddModelError("", L["This account is suspended. Contact the network's administrators."]);
                break;
            case SignInOutcome.EmailNotConfirmed:
                ModelState.AddModelError("", L["Confirm your email address first: open the link we sent you."]);
                NeedsConfirmation = true;
                break;
            default:
                ModelState.AddModelError("", L["Email address or password is not right."]);
                break;
        }
        return Page();
    }

    public bool NeedsConfirmation { get; private set; }
}
