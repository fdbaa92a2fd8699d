using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Courses;

/// <summary>For course authors: enrolments, completion rate, and how often each question is answered right.</summary>
[Authorize(Roles = nameof(Role.CourseAuthor) + "," + nameof(Role.Administrator))]
public sealed class ReportModel(IQuerySession session) : PageModel
{
    public sealed record QuestionRow(string Lesson, string Text, int Answered, int Right);

    public CourseVersion Version { get; private set; } = null!;
    public int Enrolled { get; private set; }
    public int Completed { get; private set; }
    public IReadOnlyList<QuestionRow> Questions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (await CourseLearning.CurrentAsync(session, slug, ct) is not { } current) return NotFound();
        Version = current.Version;
        Enrolled = await session.Query<Enrolment>().CountAsync(e => e.Slug == slug, ct);
        Completed = await session.Query<Enrolment>().CountAsync(e => e.Slug == slug && e.CompletedAt != null, ct);
        var results = (await session.Query<QuizAttempt>().Where(a => a.Slug == slug && a.SubmittedAt != null).ToListAsync(ct))
            .SelectMany(a => a.Results.Select(r => (a.LessonKey, r.QuestionId, r.Correct)))
            .GroupBy(r => (r.LessonKey, r.QuestionId)).ToDictionary(g => g.Key, g => (Answered: g.Count(), Right: g.Count(r => r.Correct)));
        Questions = Version.Lessons.Where(l => l.Quiz is not null).SelectMany(l => l.Quiz!.Questions.Select(q =>
        {
            var (answered, right) = results.GetValueOrDefault((l.Key, q.Id));
            return new QuestionRow($"{l.Number}. {l.Title}", q.Text, answered, right);
        })).ToList();
        return Page();
    }
}
