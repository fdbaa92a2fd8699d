using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Courses;

public sealed class CourseModel(IQuerySession session, CourseLearning learning) : PageModel
{
    /// <summary>The version shown: the member's own when enrolled, else the current one (or ?version=n, as credentials link it).</summary>
    public CourseVersion Version { get; private set; } = null!;
    public CourseVersion Current { get; private set; } = null!;
    public Enrolment? Enrolment { get; private set; }
    public int Done => Enrolment is null ? 0 : Version.Lessons.Count(l => CourseLearning.IsDone(Enrolment, l));
    public bool CanReport => User.IsInRole(nameof(Role.CourseAuthor)) || User.IsInRole(nameof(Role.Administrator));

    public async Task<IActionResult> OnGetAsync(string slug, int? version, CancellationToken ct)
    {
        if (await LoadAsync(slug, ct) is { } missing) return missing;
        if (Enrolment is null && version is int asked && asked != Current.Number && await session.LoadAsync<CourseVersion>(CourseVersion.IdFor(slug, asked), ct) is { } older)
            Version = older;
        return Page();
    }

    public async Task<IActionResult> OnPostEnrolAsync(string slug, CancellationToken ct)
    {
        if (User.MemberId() is null) return Challenge();
        if (await LoadAsync(slug, ct) is { } missing) return missing;
        await learning.EnrolAsync(User.MemberId()!.Value, slug, ct);
        return Redirect($"/courses/{slug}");
    }

    public async Task<IActionResult> OnPostMoveAsync(string slug, CancellationToken ct) =>
        await ChangeAsync(slug, member => learning.MoveToCurrentAsync(member, slug, ct), ct);

    public async Task<IActionResult> OnPostFinishAsync(string slug, CancellationToken ct) =>
        await ChangeAsync(slug, member => learning.TryCompleteAsync(member, slug, ct), ct);

    private async Task<IActionResult> ChangeAsync(string slug, Func<Member, Task<string?>> change, CancellationToken ct)
    {
        if (User.MemberId() is null) return Challenge();
        if (await LoadAsync(slug, ct) is { } missing) return missing;
        var member = await session.LoadAsync<Member>(User.MemberId()!.Value, ct);
        if (member is null) return Forbid();
        if (await change(member) is { } error)
        {
            ModelState.AddModelError("", error);
            return Page();
        }
        return Redirect($"/courses/{slug}");
    }

    /// <summary>Two round trips: the course and the member's enrolment together, then the current and the member's versions together.</summary>
    private async Task<IActionResult?> LoadAsync(string slug, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var courseTask = batch.Load<Course>(slug);
        var enrolmentTask = User.MemberId() is Guid memberId ? batch.Load<Enrolment>(Enrolment.IdFor(memberId, slug)) : Task.FromResult<Enrolment?>(null);
        await batch.Execute(ct);
        if (await courseTask is not { } course) return NotFound();
        Enrolment = await enrolmentTask;
        var currentId = CourseVersion.IdFor(slug, course.CurrentVersion);
        var ownId = Enrolment is null ? currentId : CourseVersion.IdFor(slug, Enrolment.Version);
        var versions = (await session.LoadManyAsync<CourseVersion>(ct, currentId == ownId ? [currentId] : [currentId, ownId])).ToDictionary(v => v.Id);
        if (!versions.TryGetValue(currentId, out var current)) return NotFound();
        Current = current;
        Version = versions.GetValueOrDefault(ownId) ?? current;
        return null;
    }
}
