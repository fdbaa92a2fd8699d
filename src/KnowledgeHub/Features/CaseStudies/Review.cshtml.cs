using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.CaseStudies;

/// <summary>The moderators' queue: submissions waiting for review (oldest first), then those sent back to their authors.</summary>
[Authorize]
public sealed class ReviewModel(IQuerySession session) : PageModel
{
    public IReadOnlyList<CaseStudy> Waiting { get; private set; } = [];
    public IReadOnlyList<CaseStudy> SentBack { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!CaseStudyAccess.IsModerator(User)) return NotFound();
        Waiting = await session.Query<CaseStudy>().Where(c => c.Status == CaseStudyStatus.UnderReview).OrderBy(c => c.SubmittedAt).Take(200).ToListAsync(ct);
        SentBack = await session.Query<CaseStudy>().Where(c => c.Status == CaseStudyStatus.ChangesRequested).OrderByDescending(c => c.UpdatedAt).Take(200).ToListAsync(ct);
        return Page();
    }
}
