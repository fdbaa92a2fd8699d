using KnowledgeHub.Infrastructure.Text;
using KnowledgeHub.Features.Content;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Postgres;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Courses;

/// <summary>Edit, preview and publish a course written in the app; it is checked by the same parser as content/courses.</summary>
[Authorize(Roles = nameof(Role.CourseAuthor) + "," + nameof(Role.Administrator))]
public sealed class DraftModel(IDocumentSession session, CourseParser parser, CoursePublisher publisher, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    public sealed record FileInput(string? Name, string? Text);

    public string Slug { get; private set; } = "";
    [BindProperty] public List<FileInput> Files { get; set; } = [];
    [BindProperty] public Guid Revision { get; set; }
    public CourseVersion? Preview { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        Slug = slug;
        if (await session.LoadAsync<CourseDraft>(slug, ct) is not { } draft) return NotFound();
        Show(draft);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string slug, CancellationToken ct) => await SaveAsync(slug, ct) ?? Page();

    public async Task<IActionResult> OnPostPreviewAsync(string slug, CancellationToken ct)
    {
        if (await SaveAsync(slug, ct) is { } stop) return stop;
        try { Preview = parser.Parse(slug, FileMap()); }
        catch (ContentException e) { Problem = e.Message; }
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(string slug, CancellationToken ct)
    {
        if (await SaveAsync(slug, ct) is { } stop) return stop;
        try
        {
            var member = (await session.LoadAsync<Member>(User.MemberId()!.Value, ct))!;
            var version = await publisher.PublishAsync(session, slug, FileMap(), "app", member.Name, ct);
            session.Delete<CourseDraft>(slug);
            await session.SaveChangesAsync(ct);
            TempData["Notice"] = version is null ? L["Nothing changed since the published version; the draft is closed."].Value
                : string.Format(L["Version {0} is published."], version.Number);
            return Redirect($"/courses/{slug}");
        }
        catch (ContentException e)
        {
            Problem = e.Message;
            return Page();
        }
    }

    private Dictionary<string, string> FileMap() =>
        Files.Where(f => !string.IsNullOrWhiteSpace(f.Name) && !string.IsNullOrWhiteSpace(f.Text))
            .GroupBy(f => f.Name!.Trim()).ToDictionary(g => g.Key, g => g.Last().Text!.Replace("\r\n", "\n"));

    /// <summary>Stores the posted files unless someone else saved the draft meanwhile (then their version is kept and shown).</summary>
    private async Task<IActionResult?> SaveAsync(string slug, CancellationToken ct)
    {
        ModelState.Clear();
        Slug = slug;
        if (await session.LoadAsync<CourseDraft>(slug, ct) is not { } draft) return NotFound();
        var files = FileMap();
        if (files.Keys.Any(n => n.Length > 80 || n.Contains('/') || n.Contains('\\')) || files.Values.Any(t => t.Length > 200_000 || TextRules.HasForbiddenCharacters(t, allowLineBreaks: true)))
        {
            ModelState.AddModelError("", L["A file name has at most 80 characters and no slashes; a file has at most 200,000 characters."]);
            Files = Files.Where(f => !string.IsNullOrWhiteSpace(f.Name)).ToList();
            return Page();
        }
        if (draft.Revision != Revision)
        {
            ModelState.AddModelError("", L["Someone else saved this draft while you were editing. Their version is shown; copy your changes in again."]);
            Show(draft);
            return Page();
        }
        draft.Files = files;
        draft.UpdatedAt = clock.GetUtcNow();
        session.UpdateExpectedVersion(draft, Revision);
        try { await session.SaveChangesAsync(ct); }
        catch (Exception e) when (WriteConflicts.IsConflict(e))
        {
            ModelState.AddModelError("", L["Someone else saved this draft while you were editing. Their version is shown; copy your changes in again."]);
            session.Eject(draft);
            Show((await session.LoadAsync<CourseDraft>(slug, ct))!);
            return Page();
        }
        Show((await session.LoadAsync<CourseDraft>(slug, ct)) ?? draft);
        return null;
    }

    private void Show(CourseDraft draft)
    {
        Revision = draft.Revision;
        Files = draft.Files.OrderBy(f => f.Key == CourseParser.CourseFile ? "" : f.Key, StringComparer.Ordinal).Select(f => new FileInput(f.Key, f.Value)).ToList();
    }
}
