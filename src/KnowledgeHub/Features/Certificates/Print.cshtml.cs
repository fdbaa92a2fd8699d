using KnowledgeHub.Features.Courses;
using KnowledgeHub.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Certificates;

[EnableRateLimiting(CoursesModule.LookupPolicy)]
public sealed class PrintModel(IQuerySession session, CertificateIssuer issuer, IOptions<SiteOptions> site) : PageModel
{
    public Certificate Certificate { get; private set; } = null!;
    public string VerificationUrl { get; private set; } = "";
    public string QrPng { get; private set; } = "";
    public string SiteName => site.Value.Name;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (await CertificateEndpoints.FindAsync(session, code, ct) is not { } certificate) return NotFound();
        Certificate = certificate;
        VerificationUrl = OpenBadgeCredential.CertificateUrl(issuer.BaseUrl(), certificate.Id);
        QrPng = Convert.ToBase64String(VerificationQr.Png(VerificationUrl, 6));
        return Page();
    }
}
