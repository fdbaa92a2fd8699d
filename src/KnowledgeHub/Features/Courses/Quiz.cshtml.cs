using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Courses;

[Authorize]
public sealed class QuizModel(IQuerySession session, CourseLearning learning, IStringLocalizer<SharedResource> L) : PageModel
{
    public string Slug { get; private set; } = "";
    public string Key { get; private set; } = "";
    public QuizAttempt? Attempt { get; private set; }
    public Lesson? Lesson { get; private set; }
    public IReadOnlyDictionary<string, Question> Questions { get; private set; } = new Dictionary<string, Question>();
    public bool Replayed { get; private set; }
    public string? Certificate { get; private set; }

    public string OptionText(Question q, int index) => q.Kind == QuestionKind.TrueFalse ? (index == 0 ? L["True"] : L["False"]) : q.Options[index];

    public async Task<IActionResult> OnGetAsync(string slug, string key, Guid attemptId, CancellationToken ct)
    {
        (Slug, Key) = (slug, key);
        // The attempt and the member's enrolment in one round trip; then its version.
        var batch = session.CreateBatchQuery();
        var attemptTask = batch.Load<QuizAttempt>(attemptId);
        var enrolmentTask = batch.Load<Enrolment>(Enrolment.IdFor(User.MemberId()!.Value, slug));
        await batch.Execute(ct);
        var attempt = await attemptTask;
        if (attempt is null || attempt.MemberId != User.MemberId() || attempt.Slug != slug || attempt.LessonKey != key) return NotFound();
        await ShowAsync(attempt, null, (await enrolmentTask)?.CertificateCode, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string key, Guid attemptId, CancellationToken ct)
    {
        (Slug, Key) = (slug, key);
        // Form fields answers[questionId]; a checkbox question sends its field once per ticked option.
        var answers = Request.Form.Where(f => f.Key.StartsWith("answers[", StringComparison.Ordinal) && f.Key.EndsWith(']'))
            .Take(200).ToDictionary(f => f.Key[8..^1], f => f.Value.Select(v => v ?? "").ToArray());
        ModelState.Clear();
        var member = await session.LoadAsync<Member>(User.MemberId()!.Value, ct);
        if (member is null) return Forbid();
        var outcome = await learning.SubmitAsync(member, slug, key, attemptId, answers, ct);
        if (outcome.Error is not null)
        {
            ModelState.AddModelError("", outcome.Error);
            Response.StatusCode = StatusCodes.Status409Conflict;
            if (await CourseLearning.CurrentAsync(session, slug, ct) is { } current) Lesson = current.Version.Lesson(key);
            return Page();
        }
        Replayed = outcome.Replayed;
        if (Replayed) Response.StatusCode = StatusCodes.Status409Conflict;
        await ShowAsync(outcome.Attempt!, outcome.Version, outcome.Certificate?.Id ?? outcome.CertificateCode, ct);
        return Page();
    }

    /// <summary>Shows an attempt; the version and certificate code are read here only when the caller did not have them.</summary>
    private async Task ShowAsync(QuizAttempt attempt, CourseVersion? version, string? certificateCode, CancellationToken ct)
    {
        Attempt = attempt;
        version ??= await session.LoadAsync<CourseVersion>(CourseVersion.IdFor(attempt.Slug, attempt.Version), ct);
        Lesson = version?.Lesson(attempt.LessonKey);
        Questions = Lesson?.Quiz?.Questions.ToDictionary(q => q.Id) ?? [];
        if (attempt.Passed) Certificate = certificateCode;
    }
}
