using KnowledgeHub.Features.Certificates;
using KnowledgeHub.Features.Forum;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Courses;

[Authorize]
public sealed class LearningModel(IQuerySession session) : PageModel
{
    public sealed record Row(Enrolment Enrolment, CourseVersion Version)
    {
        public int Done => Version.Lessons.Count(l => CourseLearning.IsDone(Enrolment, l));
    }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<Certificate> Certificates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var memberId = User.MemberId()!.Value;
        var enrolments = await session.Query<Enrolment>().Where(e => e.MemberId == memberId).OrderByDescending(e => e.LastActivityAt).ToListAsync(ct);
        var versions = (await session.LoadManyAsync<CourseVersion>(ct, enrolments.Select(e => CourseVersion.IdFor(e.Slug, e.Version)).ToArray())).ToDictionary(v => v.Id);
        Rows = enrolments.Where(e => versions.ContainsKey(CourseVersion.IdFor(e.Slug, e.Version))).Select(e => new Row(e, versions[CourseVersion.IdFor(e.Slug, e.Version)])).ToList();
        Certificates = await session.Query<Certificate>().Where(c => c.MemberId == memberId).OrderByDescending(c => c.IssuedAt).ToListAsync(ct);
    }
}
