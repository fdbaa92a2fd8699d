using System.Runtime.CompilerServices;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Infrastructure.Search;
using KnowledgeHub.Infrastructure.Text;
using Marten;

namespace KnowledgeHub.Features.Courses;

/// <summary>
/// Courses in search: one entry for the course (anyone may find it; the course page is public) and one per lesson (members
/// only, as lessons are), from the current version. A new version replaces the course's whole group.
/// </summary>
public sealed class CourseSearch : ISearchSource
{
    public string Name => "course";

    public IReadOnlyList<SearchWatch> Watches { get; } = [new(typeof(Course), "c:")];

    public async Task ApplyAsync(IQuerySession session, IReadOnlyCollection<string> keys, IIndexChanges index, CancellationToken ct)
    {
        foreach (var slug in keys.Where(k => k.StartsWith("c:", StringComparison.Ordinal)).Select(k => k[2..]).Distinct())
        {
            var current = await CourseLearning.CurrentAsync(session, slug, ct);
            if (current is null)
            {
                index.DeleteGroup(GroupOf(slug));
                continue;
            }
            if (index.StoredFingerprint(GroupOf(slug)) == current.Value.Version.Hash) continue;
            index.DeleteGroup(GroupOf(slug));
            foreach (var document in Documents(current.Value.Version)) index.Upsert(document);
        }
    }

    public async IAsyncEnumerable<SearchDocument> AllAsync(IQuerySession session, [EnumeratorCancellation] CancellationToken ct)
    {
        var current = (await session.Query<Course>().ToListAsync(ct)).Select(c => CourseVersion.IdFor(c.Id, c.CurrentVersion)).ToArray();
        foreach (var version in current.Length == 0 ? [] : await session.LoadManyAsync<CourseVersion>(ct, current))
            foreach (var document in Documents(version)) yield return document;
    }

    private static IEnumerable<SearchDocument> Documents(CourseVersion version)
    {
        var group = GroupOf(version.Slug);
        yield return new SearchDocument
        {
            Key = $"course:{version.Slug}", Group = group, Type = "course", Title = version.Title,
            Body = string.Join(' ', version.Summary, version.Audience, HtmlText.Plain(version.DescriptionHtml), string.Join(' ', version.Lessons.Select(l => l.Title))),
            Url = $"/courses/{version.Slug}", Date = version.PublishedAt, Audience = [SearchAudience.Everyone], Language = version.Language,
            AuthorName = string.Join(", ", version.Authors), Fingerprint = version.Hash,
        };
        foreach (var lesson in version.Lessons)
            yield return new SearchDocument
            {
                Key = $"lesson:{version.Slug}/{lesson.Key}", Group = group, Type = "lesson", Title = $"{lesson.Title} · {version.Title}",
                Body = HtmlText.Plain(lesson.Html), Url = $"/courses/{version.Slug}/lessons/{lesson.Key}", Date = version.PublishedAt,
                Audience = [SearchAudience.Members], Language = version.Language, Fingerprint = version.Hash,
            };
    }

    private static string GroupOf(string slug) => "course:" + slug;
}
