using System.Security.Claims;
using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Account;

[Authorize]
public sealed class ChangePasswordModel(IDocumentSession session, IPasswordHasher<Member> hasher, MemberSignIn signIn,
    IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var member = await session.LoadAsync<Member>(Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!), ct);
        if (member is null) return Challenge();
        if (string.IsNullOrEmpty(CurrentPassword) || CurrentPassword.Length > PasswordPolicy.MaxLength ||
            hasher.VerifyHashedPassword(member, member.PasswordHash, CurrentPassword) == PasswordVerificationResult.Failed)
            ModelState.AddModelError(nameof(CurrentPassword), L["This is not your current password."]);
        if (PasswordPolicy.Problem(Password, member.Email, member.Name) is { } problem) ModelState.AddModelError(nameof(Password), L[problem]);
        else if (Password != ConfirmPassword) ModelState.AddModelError(nameof(ConfirmPassword), L["The two passwords do not match."]);
        if (!ModelState.IsValid)
        {
            CurrentPassword = Password = ConfirmPassword = null;
            return Page();
        }
        member.PasswordHash = hasher.HashPassword(member, Password!);
        member.SecurityStamp = Member.NewStamp(); // other devices are signed out; this one gets a fresh cookie
        session.Store(member);
        await session.SaveChangesAsync(ct);
        await signIn.SignInAsync(member);
        TempData["Notice"] = L["Your password is changed."].Value;
        return Redirect("/members/me");
    }
}
