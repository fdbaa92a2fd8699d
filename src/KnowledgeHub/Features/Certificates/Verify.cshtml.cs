using KnowledgeHub.Features.Courses;
using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace KnowledgeHub.Features.Certificates;

/// <summary>Anyone (an employer, a ministry) checks a certificate here without an account; look-ups are rate limited.</summary>
[EnableRateLimiting(CoursesModule.LookupPolicy)]
public sealed class VerifyModel(IQuerySession session) : PageModel
{
    public Certificate? Certificate { get; private set; }
    public bool CanRevoke => User.IsInRole(nameof(Role.Administrator));

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        Certificate = await CertificateEndpoints.FindAsync(session, code, ct);
        Response.Headers.CacheControl = "no-store"; // a revocation shows at once
        if (Certificate is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
