using System.Security.Claims;
using KnowledgeHub.Features.Account;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Text;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Admin;

[Authorize(Policy = AccountModule.AdministratorPolicy)]
public sealed class MemberModel(IDocumentSession session, MemberAdministration administration, IStringLocalizer<SharedResource> L) : PageModel
{
    public const int ReasonMax = 500;

    public Member Subject { get; private set; } = null!;
    [BindProperty] public List<Role> Roles { get; set; } = [];
    [BindProperty] public string? Reason { get; set; }
    private bool IsSelf => Subject.Id.ToString() == User.FindFirstValue(ClaimTypes.NameIdentifier);
    private Actor Me => new(Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!), User.Identity!.Name ?? "");

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRolesAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (IsSelf && !Roles.Contains(Role.Administrator))
        {
            ModelState.AddModelError("", L["You cannot remove your own administrator role. Ask another administrator."]);
            return Page();
        }
        await administration.SetRolesAsync(Subject, Roles.Where(Enum.IsDefined), Me, ct);
        TempData["Notice"] = L["Roles saved."].Value;
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostSuspendAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ModelState.Clear();
        if (IsSelf) ModelState.AddModelError("", L["You cannot suspend yourself."]);
        if (TextRules.HasForbiddenCharacters(Reason, allowLineBreaks: true)) ModelState.AddModelError(nameof(Reason), L["This contains invisible or invalid characters. Please retype it."]);
        else if (string.IsNullOrWhiteSpace(Reason)) ModelState.AddModelError(nameof(Reason), L["Give a reason: the member and other administrators will see it."]);
        else if (Reason.Length > ReasonMax) ModelState.AddModelError(nameof(Reason), L["Keep this under {0} characters (now {1}).", ReasonMax, Reason.Length]);
        if (!ModelState.IsValid) return Page();
        await administration.SuspendAsync(Subject, TextRules.Clean(Reason), Me, ct);
        TempData["Notice"] = L["The member is suspended."].Value;
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostReinstateAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        await administration.ReinstateAsync(Subject, Me, ct);
        TempData["Notice"] = L["The member is reinstated."].Value;
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var member = await session.LoadAsync<Member>(id, ct);
        if (member is null) return false;
        Subject = member;
        if (Roles.Count == 0 && HttpMethods.IsGet(Request.Method)) Roles = [.. member.Roles];
        return true;
    }
}
