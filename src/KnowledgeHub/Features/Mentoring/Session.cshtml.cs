using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Markdown;
using KnowledgeHub.Infrastructure.Postgres;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Mentoring;

/// <summary>One coaching session: agenda before, notes after; any circle member edits them, two editors never overwrite each other.</summary>
[Authorize]
public sealed class SessionModel(IDocumentSession session, MentoringText text, PostText postText, IStringLocalizer<SharedResource> L) : PageModel
{
    public CoachingSession Meeting { get; private set; } = null!;
    public Circle Circle { get; private set; } = null!;
    [BindProperty] public string? Agenda { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public Guid Version { get; set; }
    public TimeZoneInfo? Zone { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        (Agenda, Notes, Version) = (Meeting.AgendaMarkdown, Meeting.NotesMarkdown, Meeting.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        var (agenda, e1) = text.Paragraphs(Agenda, 8000, required: false);
        var (notes, e2) = text.Paragraphs(Notes, 16000, required: false);
        var (agendaHtml, r1) = postText.RenderChecked(agenda);
        var (notesHtml, r2) = postText.RenderChecked(notes);
        if ((e1 ?? r1) is { } a) ModelState.AddModelError(nameof(Agenda), a);
        if ((e2 ?? r2) is { } n) ModelState.AddModelError(nameof(Notes), n);
        if (Meeting.Version != Version)
            ModelState.AddModelError("", L["Someone else saved this session while you were writing. Your text is kept below; compare it with the current version and save again."]);
        if (!ModelState.IsValid)
        {
            Version = Meeting.Version;
            return Page();
        }
        var me = await session.LoadAsync<Member>(User.MemberId()!.Value, ct);
        (Meeting.AgendaMarkdown, Meeting.AgendaHtml, Meeting.NotesMarkdown, Meeting.NotesHtml, Meeting.UpdatedByName) = (agenda, agendaHtml, notes, notesHtml, me?.Name ?? "");
        return await SaveAsync(id, ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Meeting.Cancelled = !Meeting.Cancelled;
        return await SaveAsync(id, ct);
    }

    private async Task<IActionResult> SaveAsync(Guid id, CancellationToken ct)
    {
        session.Store(Meeting);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (WriteConflicts.IsConflict(e))
        {
            ModelState.AddModelError("", L["Someone else saved this session while you were writing. Your text is kept below; compare it with the current version and save again."]);
            return Page();
        }
        return Redirect($"/mentoring/sessions/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await session.LoadAsync<CoachingSession>(id, ct) is not { } meeting) return false;
        if (await session.ReadableCircleAsync(meeting.CircleId, User, ct) is not (var circle, _)) return false;
        (Meeting, Circle) = (meeting, circle);
        Zone = await session.OfReaderAsync(User, ct);
        return true;
    }
}
