using KnowledgeHub.Features.Account;
using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Mentoring;

/// <summary>Administrators match members with mentors, see open requests and every circle (whose content stays closed until opened for safeguarding).</summary>
[Authorize(Policy = AccountModule.AdministratorPolicy)]
public sealed class AdminModel(IQuerySession session, Mentorships mentorships, MentoringText text, IStringLocalizer<SharedResource> L) : PageModel
{
    public IReadOnlyList<MentorProfile> Mentors { get; private set; } = [];
    public IReadOnlyList<Circle> Circles { get; private set; } = [];
    public IReadOnlyList<MentoringRequest> Pending { get; private set; } = [];
    [BindProperty] public string? Mentee { get; set; }
    [BindProperty] public Guid? MentorId { get; set; }
    [BindProperty] public string? Topic { get; set; }
    [BindProperty] public string? Goal { get; set; }
    [BindProperty] public string? Language { get; set; } = "en";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostMatchAsync(CancellationToken ct)
    {
        ModelState.Clear();
        await LoadAsync(ct);
        var who = (Mentee ?? "").Trim().TrimStart('@');
        var mentee = who.Length is 0 or > 200 ? null
            : await session.Query<Member>().FirstOrDefaultAsync(m => m.EmailNormalized == Member.Normalize(who) || m.Handle == who, ct);
        if (mentee is null) ModelState.AddModelError(nameof(Mentee), L["No member has this email address or handle."]);
        if (MentorId is null || Mentors.All(m => m.Id != MentorId)) ModelState.AddModelError(nameof(MentorId), L["Choose a mentor from the list."]);
        var (topic, e1) = text.Line(Topic, 150, required: true);
        var (goal, e2) = text.Paragraphs(Goal, 1000, required: true);
        var (language, e3) = text.Language(Language);
        if (e1 is not null) ModelState.AddModelError(nameof(Topic), e1);
        if (e2 is not null) ModelState.AddModelError(nameof(Goal), e2);
        if (e3 is not null) ModelState.AddModelError(nameof(Language), e3);
        if (!ModelState.IsValid) return Page();
        var result = await mentorships.MatchAsync(User, mentee!.Id, MentorId!.Value, null, goal, topic, language, ct);
        if (!result.Ok)
        {
            ModelState.AddModelError("", result.Error!);
            return Page();
        }
        TempData["Notice"] = L["{0} is now mentored in a new coaching circle.", mentee.Name].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Mentors = await session.Query<MentorProfile>().OrderBy(m => m.Name).ToListAsync(ct);
        Circles = await session.Query<Circle>().OrderByDescending(c => c.CreatedAt).Take(200).ToListAsync(ct);
        Pending = await session.Query<MentoringRequest>().Where(r => r.Status == RequestStatus.Pending).OrderBy(r => r.CreatedAt).Take(200).ToListAsync(ct);
    }
}
