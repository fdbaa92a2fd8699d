using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Mentoring;

/// <summary>
/// One mentee's mentorship: their goals with progress notes, and its end with feedback from both sides. Seen by the
/// mentor and the mentee (also after it ended, for the feedback), and by an administrator only during a safeguarding opening.
/// </summary>
[Authorize]
public sealed class MentorshipModel(IDocumentSession session, Mentorships mentorships, MentoringText text, TimeProvider clock,
    IStringLocalizer<SharedResource> L) : PageModel
{
    public Mentorship Item { get; private set; } = null!;
    public IReadOnlyList<MenteeGoal> Goals { get; private set; } = [];
    public bool IsMentor => Item.MentorId == User.MemberId();
    public bool IsMentee => Item.MenteeId == User.MemberId();
    public bool Active => Item.Status == MentorshipStatus.Active;
    [BindProperty] public string? GoalTitle { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Feedback { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostGoalAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct) || !(IsMentor || IsMentee)) return NotFound();
        var (title, error) = text.Line(GoalTitle, 200, required: true);
        if (!Active) error = L["This mentorship has ended."];
        else if (Goals.Count >= 20) error = L["A mentorship can have up to {0} goals.", 20];
        if (error is not null)
        {
            ModelState.AddModelError(nameof(GoalTitle), error);
            return Page();
        }
        session.Insert(new MenteeGoal { MentorshipId = id, Title = title, CreatedAt = clock.GetUtcNow() });
        await session.SaveChangesAsync(ct);
        return Redirect($"/mentoring/mentorships/{id}#goals");
    }

    /// <summary>A progress note on a goal, optionally moving it to achieved or dropped (or back to open).</summary>
    public async Task<IActionResult> OnPostProgressAsync(Guid id, Guid goalId, GoalStatus? status, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct) || !(IsMentor || IsMentee)) return NotFound();
        if (Goals.FirstOrDefault(g => g.Id == goalId) is not { } goal) return NotFound();
        var (note, error) = text.Paragraphs(Note, 2000, required: status is null || status == goal.Status);
        if (!Active) error = L["This mentorship has ended."];
        if (error is not null)
        {
            ModelState.AddModelError($"Note-{goalId}", error);
            return Page();
        }
        var me = await session.LoadAsync<Member>(User.MemberId()!.Value, ct);
        if (note.Length > 0) goal.Notes.Add(new ProgressNote(clock.GetUtcNow(), me!.Id, me.Name, note));
        if (status is GoalStatus s && Enum.IsDefined(s)) goal.Status = s;
        session.Store(goal);
        await session.SaveChangesAsync(ct);
        return Redirect($"/mentoring/mentorships/{id}#goal-{goalId}");
    }

    public async Task<IActionResult> OnPostEndAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        var (feedback, error) = text.Paragraphs(Feedback, 2000, required: IsMentor || IsMentee);
        if (error is not null)
        {
            ModelState.AddModelError(nameof(Feedback), error);
            return Page();
        }
        var result = await mentorships.EndAsync(User, id, feedback, ct);
        if (!result.Ok)
        {
            ModelState.AddModelError(nameof(Feedback), result.Error!);
            return Page();
        }
        return Redirect($"/mentoring/mentorships/{id}");
    }

    public async Task<IActionResult> OnPostFeedbackAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct) || !(IsMentor || IsMentee)) return NotFound();
        var (feedback, error) = text.Paragraphs(Feedback, 2000, required: true);
        var result = error is null ? await mentorships.FeedbackAsync(User, id, feedback, ct) : new MentoringResult(error);
        if (!result.Ok)
        {
            ModelState.AddModelError(nameof(Feedback), result.Error!);
            return Page();
        }
        return Redirect($"/mentoring/mentorships/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await session.LoadAsync<Mentorship>(id, ct) is not { } mentorship) return false;
        Item = mentorship;
        if (!IsMentor && !IsMentee && await session.ReadableCircleAsync(mentorship.CircleId, User, ct) is null) return false;
        Goals = await session.Query<MenteeGoal>().Where(g => g.MentorshipId == id).OrderBy(g => g.CreatedAt).ToListAsync(ct);
        return true;
    }
}
