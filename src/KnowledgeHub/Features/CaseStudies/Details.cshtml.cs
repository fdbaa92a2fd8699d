using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.CaseStudies;

public sealed record CaseStudyLink(Guid Id, string Title, string Country, string Organisation);

/// <summary>
/// One case study: the story, its figures, the follow-ups both ways, its discussion, and (before publication) the review
/// conversation with the author's and moderators' actions. Anyone else gets 404 for a case study that is not published.
/// </summary>
[OutputCache(PolicyName = VisitorPagePolicy.Name, Tags = [CaseStudyWorkflow.CacheTag, VisitorPagePolicy.ContentTag])]
public sealed class DetailsModel(IQuerySession session, CaseStudyWorkflow workflow, IStringLocalizer<SharedResource> L) : PageModel
{
    public CaseStudy Study { get; private set; } = null!;
    public CaseStudyLink? Follows { get; private set; }
    public IReadOnlyList<CaseStudyLink> FollowUps { get; private set; } = [];
    public ForumThread? Thread { get; private set; }
    public Member? Me { get; private set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public Guid Version { get; set; }

    public bool IsAuthor => CaseStudyAccess.IsAuthor(Study, User);
    public bool CanEdit => CaseStudyAccess.CanEdit(Study, User);
    public bool CanReview => CaseStudyAccess.CanReview(Study, User);
    public bool CanComment => CaseStudyAccess.CanComment(Study, User);
    public bool CanUnpublish => CaseStudyAccess.CanUnpublish(Study, User);
    public bool CanFollowUp => CaseStudyAccess.CanFollowUp(Study, Me);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReviewAsync(Guid id, ReviewAction action, CancellationToken ct)
    {
        if (User.MemberId() is null) return Challenge();
        if (!Enum.IsDefined(action) || action == ReviewAction.Submitted) return BadRequest();
        var result = await workflow.ReviewAsync(User, id, Version, action, Note, ct);
        if (result.NotFound) return NotFound();
        if (result.Ok)
        {
            TempData["Notice"] = action switch
            {
                ReviewAction.Approved => L["Published. It is now in the library, in search and in the forum."].Value,
                ReviewAction.ChangesRequested => L["Sent back to the author with your note."].Value,
                ReviewAction.Unpublished => L["Unpublished and sent back to the author with your note."].Value,
                _ => L["Your comment is added."].Value,
            };
            return Redirect($"/case-studies/{id}");
        }
        return await RedisplayAsync(id, result.Errors, ct);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct)
    {
        if (User.MemberId() is null) return Challenge();
        var result = await workflow.WithdrawAsync(User, id, Version, ct);
        if (result.NotFound) return NotFound();
        if (!result.Ok) return await RedisplayAsync(id, result.Errors, ct);
        TempData["Notice"] = L["Taken back from review. Change what you need, then submit it again."].Value;
        return Redirect($"/case-studies/write/{id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (User.MemberId() is null) return Challenge();
        var result = await workflow.DeleteDraftAsync(User, id, Version, ct);
        if (result.NotFound) return NotFound();
        if (!result.Ok) return await RedisplayAsync(id, result.Errors, ct);
        TempData["Notice"] = L["The draft is deleted."].Value;
        return Redirect("/case-studies/mine");
    }

    public async Task<IActionResult> OnPostDiscussAsync(Guid id, CancellationToken ct)
    {
        if (User.MemberId() is null) return Challenge();
        var (threadId, errors) = await workflow.StartDiscussionAsync(User, id, Body, ct);
        if (threadId is Guid t) return Redirect($"/t/{t}");
        return await RedisplayAsync(id, errors, ct);
    }

    private async Task<IActionResult> RedisplayAsync(Guid id, IReadOnlyDictionary<string, string> errors, CancellationToken ct)
    {
        ModelState.Clear();
        var note = Note;
        if (!await LoadAsync(id, ct)) return NotFound();
        Note = note; // what was typed stays in the box
        foreach (var (field, message) in errors) ModelState.AddModelError(field, message);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var study = await session.LoadAsync<CaseStudy>(id, ct);
        if (study is null || !CaseStudyAccess.CanRead(study, User)) return false;
        Study = study;
        Version = study.Version;
        Me = User.MemberId() is Guid me ? await session.LoadAsync<Member>(me, ct) : null;
        if (study.FollowsId is Guid f && await session.LoadAsync<CaseStudy>(f, ct) is { IsPublished: true } original)
            Follows = new(original.Id, original.Title, original.Country, original.Organisation);
        FollowUps = (await session.Query<CaseStudy>().Where(c => c.FollowsId == id && c.Status == CaseStudyStatus.Published)
            .OrderBy(c => c.PublishedAt).ToListAsync(ct)).Select(c => new CaseStudyLink(c.Id, c.Title, c.Country, c.Organisation)).ToList();
        if (study.ThreadId is Guid t && await session.ReadableThreadAsync(t, User, ct) is ({ Deleted: false } thread, _)) Thread = thread;
        return true;
    }
}
