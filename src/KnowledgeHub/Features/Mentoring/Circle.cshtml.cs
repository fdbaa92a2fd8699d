using System.Globalization;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Features.Notifications;
using KnowledgeHub.Infrastructure.Markdown;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Mentoring;

/// <summary>
/// A coaching circle: its members, coaching threads and sessions. Only the circle sees it; an administrator sees only the
/// safeguarding form until they open the circle (audited). Anyone else gets 404, as if it did not exist.
/// </summary>
[Authorize]
public sealed class CircleModel(IDocumentSession session, Mentorships mentorships, MentoringText text, PostText postText,
    TimeProvider clock, ForumNotifier live, IStringLocalizer<SharedResource> L) : PageModel
{
    public Circle Circle { get; private set; } = null!;
    public Space? Space { get; private set; }
    public IReadOnlyList<ForumThread> Threads { get; private set; } = [];
    public IReadOnlyList<Mentorship> Mentorships { get; private set; } = [];
    public IReadOnlyList<CoachingSession> Sessions { get; private set; } = [];
    /// <summary>An administrator who has not opened the circle: only the safeguarding form is shown.</summary>
    public bool Closed { get; private set; }
    public DateTimeOffset? SafeguardingUntil { get; private set; }
    public bool IsMentor => Circle.MentorId == User.MemberId();
    /// <summary>The reader's time zone: sessions are shown and typed in it (UTC when they have none).</summary>
    public TimeZoneInfo? Zone { get; private set; }

    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? StartsAt { get; set; }
    [BindProperty] public int? Minutes { get; set; } = 60;
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? Agenda { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSafeguardingAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct) || !User.IsInRole(nameof(Role.Administrator))) return NotFound();
        var (reason, error) = text.Paragraphs(Reason, 500, required: true);
        if (error is not null)
        {
            ModelState.AddModelError(nameof(Reason), error);
            return Page();
        }
        var result = await mentorships.OpenForSafeguardingAsync(User, id, reason, ct);
        if (!result.Ok) ModelState.AddModelError(nameof(Reason), result.Error!);
        return result.Ok ? Redirect($"/mentoring/circles/{id}") : Page();
    }

    /// <summary>The mentor takes a mentee out of the circle; they lose access at once.</summary>
    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid mentorshipId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Closed) return NotFound();
        if (!IsMentor || Mentorships.All(m => m.Id != mentorshipId)) return NotFound();
        var result = await mentorships.EndAsync(User, mentorshipId, "", ct);
        if (!result.Ok) TempData["Notice"] = result.Error;
        return Redirect($"/mentoring/circles/{id}");
    }

    public async Task<IActionResult> OnPostScheduleAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct) || Closed) return NotFound();
        var (title, e1) = text.Line(Title, 150, required: true);
        var (place, e2) = text.Line(Place, 300, required: false);
        var (agenda, e3) = text.Paragraphs(Agenda, 8000, required: false);
        if (e1 is not null) ModelState.AddModelError(nameof(Title), e1);
        if (e2 is not null) ModelState.AddModelError(nameof(Place), e2);
        if (e3 is not null) ModelState.AddModelError(nameof(Agenda), e3);
        DateTimeOffset? starts = null;
        if (!DateTime.TryParseExact(StartsAt, ["yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var typed))
            ModelState.AddModelError(nameof(StartsAt), L["Give the date and time as 2025-06-30 14:00."]);
        else if ((starts = TimeZones.ToUtc(typed, Zone)) is null)
            ModelState.AddModelError(nameof(StartsAt), L["{0} does not exist in {1}: the clocks change then. Choose another time.", typed.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Zone!.Id]);
        else if (starts < clock.GetUtcNow().AddDays(-1) || starts > clock.GetUtcNow().AddYears(2))
            ModelState.AddModelError(nameof(StartsAt), L["Choose a date from today up to two years ahead."]);
        if (Minutes is null or < 5 or > 600) ModelState.AddModelError(nameof(Minutes), L["A session lasts between 5 and 600 minutes."]);
        var (html, renderError) = postText.RenderChecked(agenda);
        if (renderError is not null) ModelState.AddModelError(nameof(Agenda), renderError);
        if (!ModelState.IsValid) return Page();

        var me = await session.LoadAsync<Member>(User.MemberId()!.Value, ct);
        var meeting = new CoachingSession
        {
            CircleId = id, Title = title, StartsAt = starts!.Value, Minutes = Minutes!.Value, Place = place,
            AgendaMarkdown = agenda, AgendaHtml = html, UpdatedByName = me?.Name ?? "",
        };
        session.Insert(meeting);
        // The rest of the circle hears of it; only while they are in the circle (the notification names its space).
        var told = Circle.MenteeIds.Append(Circle.MentorId).Where(m => m != me?.Id).Distinct().ToList();
        foreach (var member in told)
            session.Insert(Notification.About(member, NotificationKind.SessionScheduled, me?.Name ?? "", title, $"/mentoring/sessions/{meeting.Id}", clock.GetUtcNow(), Circle.SpaceId));
        await session.SaveChangesAsync(ct);
        await live.NotifyAsync(told);
        return Redirect($"/mentoring/sessions/{meeting.Id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var circle = await session.LoadAsync<Circle>(id, ct);
        if (circle is null) return false;
        Circle = circle;
        var space = await session.LoadAsync<Space>(circle.SpaceId, ct);
        if (space is null) return false;
        if (!ForumAccess.CanRead(space, User))
        {
            if (!User.IsInRole(nameof(Role.Administrator))) return false;
            Closed = true;
            return true;
        }
        Space = space;
        if (User.MemberId() is Guid me && !space.MemberIds.Contains(me))
            SafeguardingUntil = space.Safeguarding.Where(o => o.AdministratorId == me).Max(o => (DateTimeOffset?)o.Until);
        (Threads, _, _) = await session.ThreadsOnPageAsync(space.Id, includeDeleted: false, 1, 50, ct);
        Mentorships = await session.Query<Mentorship>().Where(m => m.CircleId == id && m.Status == MentorshipStatus.Active).OrderBy(m => m.StartedAt).ToListAsync(ct);
        Sessions = await session.Query<CoachingSession>().Where(s => s.CircleId == id).OrderByDescending(s => s.StartsAt).Take(50).ToListAsync(ct);
        Zone = await session.OfReaderAsync(User, ct);
        StartsAt ??= TimeZones.Local(clock.GetUtcNow(), Zone).Date.AddDays(7).AddHours(9).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        return true;
    }
}
