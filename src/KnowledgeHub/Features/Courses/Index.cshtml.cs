using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Courses;

public sealed class IndexModel(IQuerySession session) : PageModel
{
    public IReadOnlyList<CourseVersion> Courses { get; private set; } = [];
    public bool CanAuthor => User.IsInRole(nameof(Role.CourseAuthor)) || User.IsInRole(nameof(Role.Administrator));

    public async Task OnGetAsync(CancellationToken ct)
    {
        var courses = await session.Query<Course>().ToListAsync(ct);
        var versions = await session.LoadManyAsync<CourseVersion>(ct, courses.Select(c => CourseVersion.IdFor(c.Id, c.CurrentVersion)).ToArray());
        Courses = versions.OrderBy(v => v.Title, StringComparer.CurrentCulture).ToList();
    }
}
