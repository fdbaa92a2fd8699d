using KnowledgeHub.Features.Content;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Courses;

[Authorize(Roles = nameof(Role.CourseAuthor) + "," + nameof(Role.Administrator))]
public sealed class AuthorModel(IDocumentSession session, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    public IReadOnlyList<CourseDraft> Drafts { get; private set; } = [];
    [BindProperty] public string? Slug { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Drafts = await session.Query<CourseDraft>().OrderByDescending(d => d.UpdatedAt).ToListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var slug = Slug?.Trim().ToLowerInvariant() ?? "";
        if (slug.Length > 80 || !ContentImport.IsSlug(slug))
        {
            ModelState.AddModelError(nameof(Slug), L["Use lowercase letters, digits and hyphens, for example: running-a-member-survey."]);
            await OnGetAsync(ct);
            return Page();
        }
        if (await session.LoadAsync<CourseDraft>(slug, ct) is null)
        {
            var member = (await session.LoadAsync<Member>(User.MemberId()!.Value, ct))!;
            var current = await CourseLearning.CurrentAsync(session, slug, ct);
            var files = current?.Version.SourceFiles ?? new Dictionary<string, string>
            {
                [CourseParser.CourseFile] = "---\ntitle: \nsummary: \naudience: \nestimated-hours: 2\nlanguage: en\nauthors:\n  - " + member.Name + "\npassing-score: 70\nversion: 1\nmax-attempts: 3\nwait-minutes: 10\n---\nWhat the course is about.\n",
                ["01-first-lesson.md"] = "---\ntitle: \nquiz:\n  questions:\n    - id: first\n      type: true-false\n      text: \n      answer: true\n      explanation: \n---\nThe lesson.\n",
            };
            session.Insert(new CourseDraft { Id = slug, Files = new(files), AuthorId = member.Id, AuthorName = member.Name, UpdatedAt = clock.GetUtcNow() });
            try { await session.SaveChangesAsync(ct); }
            catch (Exception e) when (KnowledgeHub.Infrastructure.Postgres.WriteConflicts.IsConflict(e)) { }
        }
        return Redirect($"/courses/author/{slug}");
    }

}
