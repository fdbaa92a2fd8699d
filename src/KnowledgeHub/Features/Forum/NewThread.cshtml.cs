using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Forum;

[Authorize]
public sealed class NewThreadModel(IDocumentSession session, PostWriter writer, KnowledgeHub.Infrastructure.Search.SearchService search) : PageModel
{
    public Space Space { get; private set; } = null!;
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? Tags { get; set; }
    [BindProperty] public ThreadKind Kind { get; set; }
    [BindProperty] public string? Language { get; set; }
    /// <summary>Threads like the title being written ("before you post"); filled by the Similar button without JavaScript.</summary>
    public IReadOnlyList<KnowledgeHub.Infrastructure.Search.Suggestion>? Similar { get; private set; }
    public bool CanAnnounce => ForumAccess.CanModerate(Space, User);
    public bool DraftRestored { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (await LoadSpaceAsync(slug, ct) is { } refusal) return refusal;
        if (await Drafts.LoadAsync(session, User.MemberId()!.Value, DraftKey, ct) is { } draft)
        {
            (Title, Body, Tags, DraftRestored) = (draft.Title, draft.Markdown, draft.Tags, true);
        }
        Language = PostText.Language(null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        ModelState.Clear();
        if (await LoadSpaceAsync(slug, ct) is { } refusal) return refusal;
        var kind = Enum.IsDefined(Kind) ? Kind : ThreadKind.Discussion;
        var result = await writer.CreateThreadAsync(User, Space, Title, Body, Tags, kind, ct, Language);
        if (result.Ok) return Redirect($"/t/{result.Thread!.Id}");
        foreach (var (field, message) in result.Errors) ModelState.AddModelError(field, message);
        await Drafts.SaveAsync(session, User.MemberId()!.Value, DraftKey, Title, Body, Tags, ct); // nothing typed is lost
        return Page();
    }

    /// <summary>Shows similar threads for the title typed so far, keeping everything in the form (and in the draft).</summary>
    public async Task<IActionResult> OnPostSimilarAsync(string slug, CancellationToken ct)
    {
        ModelState.Clear();
        if (await LoadSpaceAsync(slug, ct) is { } refusal) return refusal;
        await Drafts.SaveAsync(session, User.MemberId()!.Value, DraftKey, Title, Body, Tags, ct);
        Similar = string.IsNullOrWhiteSpace(Title) ? [] : await search.SimilarAsync(Title, null, ["thread", "reply"], User, 5, ct);
        return Page();
    }

    private string DraftKey => $"new:{Space.Id}";

    private async Task<IActionResult?> LoadSpaceAsync(string slug, CancellationToken ct)
    {
        var space = await session.ReadableSpaceAsync(slug, User, ct);
        if (space is null) return NotFound();
        Space = space;
        return ForumAccess.CanStartThread(space, User) ? null : Forbid();
    }
}
