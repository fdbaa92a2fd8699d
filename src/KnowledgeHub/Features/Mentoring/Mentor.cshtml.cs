using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Notifications;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Mentoring;

/// <summary>A mentor's profile, their office hours, and the form to ask them for mentoring.</summary>
public sealed class MentorModel(IDocumentSession session, MentoringText text, IOptions<MentoringOptions> options, TimeProvider clock,
    ForumNotifier live, IStringLocalizer<SharedResource> L) : PageModel
{
    public MentorProfile Mentor { get; private set; } = null!;
    public IReadOnlyList<ForumThread> OfficeHours { get; private set; } = [];
    public MentoringRequest? Pending { get; private set; }
    public bool AlreadyMentored { get; private set; }
    [BindProperty] public string? Goal { get; set; }
    [BindProperty] public string? Topic { get; set; }
    [BindProperty] public string? Language { get; set; }

    public bool IsSelf => User.MemberId() == Mentor.Id;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Language ??= Mentor.Languages.FirstOrDefault() ?? PostText.Language(null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (User.MemberId() is not Guid me) return Challenge();
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        var (goal, goalError) = text.Paragraphs(Goal, 1000, required: true);
        var (topic, topicError) = text.Line(Topic, 150, required: true);
        var (language, languageError) = text.Language(Language);
        if (goalError is not null) ModelState.AddModelError(nameof(Goal), goalError);
        if (topicError is not null) ModelState.AddModelError(nameof(Topic), topicError);
        if (languageError is not null) ModelState.AddModelError(nameof(Language), languageError);
        if (IsSelf) ModelState.AddModelError("", L["A mentor cannot mentor themselves."]);
        else if (Pending is not null) ModelState.AddModelError("", L["You already asked {0}; wait for the answer or withdraw the request.", Mentor.Name]);
        else if (AlreadyMentored) ModelState.AddModelError("", L["{0} is already mentoring {1}.", Mentor.Name, User.Identity?.Name ?? ""]);
        else if (!Mentor.HasRoom) ModelState.AddModelError("", L["{0} is not taking new mentees now.", Mentor.Name]);
        else if (await session.Query<MentoringRequest>().CountAsync(r => r.MenteeId == me && r.Status == RequestStatus.Pending, ct) >= options.Value.PendingRequestsMax)
            ModelState.AddModelError("", L["You have {0} requests waiting for an answer: withdraw one before asking someone else.", options.Value.PendingRequestsMax]);
        if (!ModelState.IsValid) return Page();

        var member = await session.LoadAsync<KnowledgeHub.Features.Members.Member>(me, ct);
        if (member is null) return Challenge();
        var request = new MentoringRequest
        {
            MenteeId = me, MenteeName = member.Name, MentorId = Mentor.Id, MentorName = Mentor.Name, Goal = goal, Topic = topic, Language = language,
            CreatedAt = clock.GetUtcNow(),
        };
        session.Insert(request);
        session.Insert(Notification.About(Mentor.Id, NotificationKind.MentoringRequested, member.Name, topic, $"/mentoring/requests/{request.Id}", request.CreatedAt));
        await session.SaveChangesAsync(ct);
        await live.NotifyAsync([Mentor.Id]);
        return Redirect($"/mentoring/requests/{request.Id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await session.LoadAsync<MentorProfile>(id, ct) is not { } mentor) return false;
        Mentor = mentor;
        var space = $"spaces/{options.Value.OfficeHoursSpace}";
        OfficeHours = await session.Query<ForumThread>().Where(t => t.SpaceId == space && t.AuthorId == id && !t.Deleted)
            .OrderByDescending(t => t.LastActivityAt).Take(10).ToListAsync(ct);
        if (User.MemberId() is Guid me)
        {
            Pending = await session.Query<MentoringRequest>().FirstOrDefaultAsync(r => r.MenteeId == me && r.MentorId == id && r.Status == RequestStatus.Pending, ct);
            AlreadyMentored = await session.Query<Mentorship>().AnyAsync(m => m.MenteeId == me && m.MentorId == id && m.Status == MentorshipStatus.Active, ct);
        }
        return true;
    }
}
