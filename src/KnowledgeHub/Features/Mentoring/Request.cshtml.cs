using KnowledgeHub.Features.Forum;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Mentoring;

/// <summary>One request, seen by the member who asked and the mentor asked; the mentor accepts (into a new or existing circle) or declines.</summary>
[Authorize]
public sealed class RequestModel(IDocumentSession session, Mentorships mentorships, MentoringText text, TimeProvider clock) : PageModel
{
    public MentoringRequest Item { get; private set; } = null!;
    public IReadOnlyList<Circle> Circles { get; private set; } = [];
    public MentorProfile? Profile { get; private set; }
    [BindProperty] public string? Answer { get; set; }
    [BindProperty] public Guid? CircleId { get; set; }
    public bool IsMentor => Item.MentorId == User.MemberId();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAcceptAsync(Guid id, CancellationToken ct) => await DecideAsync(id, accept: true, ct);

    public async Task<IActionResult> OnPostDeclineAsync(Guid id, CancellationToken ct) => await DecideAsync(id, accept: false, ct);

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Item.MenteeId != User.MemberId()) return NotFound();
        if (Item.Status == RequestStatus.Pending)
        {
            Item.Status = RequestStatus.Withdrawn;
            Item.DecidedAt = clock.GetUtcNow();
            session.Store(Item);
            await session.SaveChangesAsync(ct);
        }
        return Redirect($"/mentoring/requests/{id}");
    }

    private async Task<IActionResult> DecideAsync(Guid id, bool accept, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct) || !IsMentor) return NotFound();
        var (response, error) = text.Paragraphs(Answer, 1000, required: false);
        if (error is not null)
        {
            ModelState.AddModelError(nameof(Answer), error);
            return Page();
        }
        var result = accept
            ? await mentorships.AcceptAsync(User, id, CircleId == Guid.Empty ? null : CircleId, response, ct)
            : await mentorships.DeclineAsync(User, id, response, ct);
        if (!result.Ok)
        {
            ModelState.AddModelError("", result.Error!);
            await LoadAsync(id, ct);
            return Page();
        }
        return Redirect(accept ? $"/mentoring/mentorships/{result.Id}" : $"/mentoring/requests/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var me = User.MemberId();
        if (await session.LoadAsync<MentoringRequest>(id, ct) is not { } request || (request.MenteeId != me && request.MentorId != me)) return false;
        Item = request;
        if (IsMentor)
        {
            Circles = await session.Query<Circle>().Where(c => c.MentorId == me).OrderBy(c => c.CreatedAt).ToListAsync(ct);
            Profile = await session.LoadAsync<MentorProfile>(request.MentorId, ct);
        }
        return true;
    }
}
