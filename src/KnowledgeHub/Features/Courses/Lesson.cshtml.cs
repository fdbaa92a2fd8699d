using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Courses;

/// <summary>A lesson, its quiz's attempts and its discussion: two reads per request (one batch, then the member's version).</summary>
[Authorize]
public sealed class LessonModel(IQuerySession session, CourseLearning learning, LessonDiscussions discussions, IStringLocalizer<SharedResource> L) : PageModel
{
    public CourseVersion Version { get; private set; } = null!;
    public Enrolment? Enrolment { get; private set; }
    public Lesson? Lesson { get; private set; }
    /// <summary>Why the lesson is not shown (not enrolled, an earlier lesson unfinished, not in this version).</summary>
    public string? Blocked { get; private set; }
    public Lesson? BlockingLesson { get; private set; }
    public IReadOnlyList<QuizAttempt> Attempts { get; private set; } = [];
    public string? Refusal { get; private set; }
    public Guid? ThreadId { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string key, CancellationToken ct) =>
        await LoadAsync(slug, key, ct) ?? Page();

    public async Task<IActionResult> OnPostReadAsync(string slug, string key, CancellationToken ct)
    {
        if (await LoadAsync(slug, key, ct, withMember: true) is { } stop) return stop;
        if (Blocked is not null) return Page();
        if (member is null) return Forbid();
        if (await learning.CompleteLessonAsync(member, slug, key, ct) is { } error) return Error(error);
        var next = Version.Lessons.FirstOrDefault(l => l.Number == Lesson!.Number + 1);
        // Straight on to the quiz when there is one, else to the next lesson (or back to the course at the end).
        return Redirect(Lesson!.Quiz is not null ? $"/courses/{slug}/lessons/{key}#quiz-heading" : next is not null ? $"/courses/{slug}/lessons/{next.Key}" : $"/courses/{slug}");
    }

    public async Task<IActionResult> OnPostStartAsync(string slug, string key, CancellationToken ct)
    {
        if (await LoadAsync(slug, key, ct) is { } stop) return stop;
        if (Blocked is not null) return Page();
        var (attempt, error) = await learning.StartAttemptAsync(User.MemberId()!.Value, slug, key, ct);
        return attempt is null ? Error(error!) : Redirect($"/courses/{slug}/lessons/{key}/quiz/{attempt.Id}");
    }

    public async Task<IActionResult> OnPostDiscussAsync(string slug, string key, CancellationToken ct)
    {
        if (await LoadAsync(slug, key, ct) is { } stop) return stop;
        if (Blocked is not null) return Page();
        var (thread, error) = await discussions.OpenAsync(User, Version, Lesson!, ct);
        return thread is null ? Error(error!) : Redirect($"/t/{thread}");
    }

    private IActionResult Error(string message)
    {
        ModelState.AddModelError("", message);
        return Page();
    }

    private Member? member;

    private async Task<IActionResult?> LoadAsync(string slug, string key, CancellationToken ct, bool withMember = false)
    {
        // One round trip for everything keyed by the route and the member, then the version the member is on.
        var memberId = User.MemberId()!.Value;
        var batch = session.CreateBatchQuery();
        var courseTask = batch.Load<Course>(slug);
        var enrolmentTask = batch.Load<Enrolment>(Enrolment.IdFor(memberId, slug));
        var attemptsTask = batch.Query<QuizAttempt>().Where(a => a.MemberId == memberId && a.Slug == slug && a.LessonKey == key).ToList();
        var discussionTask = batch.Load<LessonDiscussion>(LessonDiscussion.IdFor(slug, key));
        var memberTask = withMember ? batch.Load<Member>(memberId) : Task.FromResult<Member?>(null);
        await batch.Execute(ct);
        if (await courseTask is not { } course) return NotFound();
        Enrolment = await enrolmentTask;
        member = await memberTask;
        var version = await session.LoadAsync<CourseVersion>(CourseVersion.IdFor(slug, Enrolment?.Version ?? course.CurrentVersion), ct);
        if (version is null) return NotFound();
        Version = version;
        if (Enrolment is null)
        {
            Blocked = L["Enrol in the course first: lessons are for enrolled members."];
            return null;
        }
        Lesson = Version.Lesson(key);
        if (Lesson is null)
        {
            Blocked = L["This lesson is not part of your version of the course."];
            return null;
        }
        if (CourseLearning.FirstBlocking(Enrolment, Version, Lesson) is { } blocking)
        {
            (Blocked, BlockingLesson) = (string.Format(L["Finish lesson {0}, “{1}”, first."], blocking.Number, blocking.Title), blocking);
            return null;
        }
        Attempts = (await attemptsTask).Where(a => a.Version == Enrolment.Version).OrderBy(a => a.Number).ToList();
        Refusal = Lesson.Quiz is null ? null : learning.Refusal(Version, Attempts);
        ThreadId = (await discussionTask)?.ThreadId;
        return null;
    }
}
