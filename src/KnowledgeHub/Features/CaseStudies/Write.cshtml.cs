using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.CaseStudies;

/// <summary>
/// Writing a case study (new, a follow-up, or a draft sent back): "Save draft" keeps it private, "Submit for review" checks
/// everything and sends it to the moderators. A submit that fails its checks is still saved as a draft; nothing typed is lost.
/// </summary>
[Authorize]
public sealed class WriteModel(IQuerySession session, CaseStudyWorkflow workflow, IStringLocalizer<SharedResource> L) : PageModel
{
    public const int FigureRows = CaseStudyRules.MaxFigures;

    [BindProperty] public CaseStudyInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public Guid? Follows { get; set; }
    public Guid? Id { get; private set; }
    public CaseStudy? Existing { get; private set; }
    public CaseStudyLink? Original { get; private set; }
    public bool SavedAsDraft { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (id is Guid existing)
        {
            if (await LoadExistingAsync(existing, ct) is { } refusal) return refusal;
            Input = CaseStudyInput.From(Existing!);
        }
        else
        {
            var me = await session.LoadAsync<Member>(User.MemberId()!.Value, ct);
            Input.Country = me?.Country;
            Input.Organisation = me?.OrganisationName;
            Input.Language = PostText.Language(null);
            if (Follows is Guid f)
            {
                if (await LoadOriginalAsync(f, me, ct) is { } refusal) return refusal;
            }
        }
        Pad();
        return Page();
    }

    public Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct) => SaveAsync(id, submit: true, ct);

    public Task<IActionResult> OnPostSaveAsync(Guid? id, CancellationToken ct) => SaveAsync(id, submit: false, ct);

    private async Task<IActionResult> SaveAsync(Guid? id, bool submit, CancellationToken ct)
    {
        ModelState.Clear();
        var result = await workflow.SaveAsync(User, id, id is null ? Follows : null, Input, submit, ct);
        if (result.NotFound) return NotFound();
        if (result.Ok)
        {
            TempData["Notice"] = submit ? L["Submitted. A moderator will review it; you can follow the review here."].Value : L["Draft saved. Only you can see it."].Value;
            return Redirect($"/case-studies/{result.CaseStudy!.Id}");
        }
        foreach (var (field, message) in result.Errors) ModelState.AddModelError(field.Length == 0 ? "" : $"Input.{field}", message);
        SavedAsDraft = result.SavedAsDraft;
        if (result.CaseStudy is { } study && await session.LoadAsync<CaseStudy>(study.Id, ct) is { } stored)
        {
            // Saved as a draft (or changed elsewhere): the next save goes to that document, at its current version.
            (Id, Existing, Input.Version) = (stored.Id, stored, stored.Version);
            Follows = stored.FollowsId;
        }
        if (Follows is Guid f && await session.LoadAsync<CaseStudy>(f, ct) is { IsPublished: true } original)
            Original = new(original.Id, original.Title, original.Country, original.Organisation);
        Pad();
        return Page();
    }

    private async Task<IActionResult?> LoadExistingAsync(Guid id, CancellationToken ct)
    {
        var study = await session.LoadAsync<CaseStudy>(id, ct);
        if (study is null || !CaseStudyAccess.CanRead(study, User)) return NotFound();
        if (!CaseStudyAccess.CanEdit(study, User)) return Redirect($"/case-studies/{id}");
        (Id, Existing, Follows) = (id, study, study.FollowsId);
        if (study.FollowsId is Guid f && await session.LoadAsync<CaseStudy>(f, ct) is { IsPublished: true } original)
            Original = new(original.Id, original.Title, original.Country, original.Organisation);
        return null;
    }

    /// <summary>The case study a new follow-up answers (its sectors and themes are the follow-up's starting point), or why there is none.</summary>
    private async Task<IActionResult?> LoadOriginalAsync(Guid id, Member? me, CancellationToken ct)
    {
        var original = await session.LoadAsync<CaseStudy>(id, ct);
        if (original is null || !original.IsPublished) return NotFound();
        if (!CaseStudyAccess.CanFollowUp(original, me))
        {
            TempData["Notice"] = L["A follow-up comes from a member in another country than the case study's."].Value;
            return Redirect($"/case-studies/{id}");
        }
        Original = new(original.Id, original.Title, original.Country, original.Organisation);
        if (Input.Country == original.Country) Input.Country = null;
        (Input.Sectors, Input.Themes) = ([.. original.Sectors], string.Join(", ", original.Themes));
        return null;
    }

    /// <summary>Always the same number of figure rows, so they work without scripts.</summary>
    private void Pad()
    {
        while (Input.Figures.Count < FigureRows) Input.Figures.Add(new FigureInput());
    }

    public string? ErrorFor(string field) => ModelState[$"Input.{field}"]?.Errors.FirstOrDefault()?.ErrorMessage;
}
