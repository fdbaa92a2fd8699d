using KnowledgeHub.Infrastructure.Text;
using KnowledgeHub.Features.Account;
using KnowledgeHub.Features.Admin;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Certificates;

/// <summary>Administrators revoke a certificate with a reason; the verification page, PDF and revocation list show it at
/// once, and the audit log records who revoked which certificate, when and why (in the same save).</summary>
[Authorize(Policy = AccountModule.AdministratorPolicy)]
public sealed class RevokeModel(IDocumentSession session, TimeProvider clock, IStringLocalizer<SharedResource> L, ILogger<RevokeModel> logger) : PageModel
{
    /// <summary>The audit log's action for a revocation (translated where the log is shown).</summary>
    public const string RevokedAction = "revoked the certificate of";

    public Certificate Certificate { get; private set; } = null!;
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (await CertificateEndpoints.FindAsync(session, code, ct) is not { } certificate) return NotFound();
        Certificate = certificate;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        ModelState.Clear();
        if (await CertificateEndpoints.FindAsync(session, code, ct) is not { } certificate) return NotFound();
        Certificate = certificate;
        if (certificate.Revoked) return Redirect($"/certificates/{code}");
        var reason = Reason?.Trim() ?? "";
        if (reason.Length is < 5 or > 500 || TextRules.HasForbiddenCharacters(reason))
        {
            ModelState.AddModelError(nameof(Reason), L["Give a reason of 5 to 500 characters: it is shown to whoever checks the certificate."]);
            return Page();
        }
        var now = clock.GetUtcNow();
        var administrator = await session.LoadAsync<Member>(User.MemberId()!.Value, ct);
        (certificate.Revoked, certificate.RevokedAt, certificate.RevokedReason, certificate.RevokedBy) = (true, now, reason, User.MemberId());
        session.Update(certificate);
        session.Store(new AuditEntry
        {
            At = now, ActorId = administrator?.Id, ActorName = administrator?.Name ?? "", Action = RevokedAction,
            SubjectId = certificate.MemberId, SubjectName = certificate.MemberName,
            Details = $"“{certificate.CourseTitle}” v{certificate.Version}, {certificate.Id}: {reason}", Link = $"/certificates/{certificate.Id}",
        });
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Certificate {Code} revoked by {MemberId}", code, User.MemberId());
        TempData["Notice"] = L["The certificate is revoked."].Value;
        return Redirect($"/certificates/{code}");
    }
}
