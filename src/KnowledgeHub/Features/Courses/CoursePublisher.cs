using KnowledgeHub.Features.Content;
using KnowledgeHub.Infrastructure;
using Marten;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Courses;

/// <summary>
/// Publishes a course from its files, whether they come from content/courses or from an author's draft in the app: the
/// same parser, and a new immutable version only when what learners see has changed. Members already enrolled stay on
/// the version they started (see <see cref="CourseLearning.MoveToCurrentAsync"/>).
/// </summary>
public sealed class CoursePublisher(CourseParser parser, TimeProvider clock, ILogger<CoursePublisher> logger)
{
    /// <summary>Stores a new version when the course changed; returns it, or null when the published one is the same.</summary>
    public async Task<CourseVersion?> PublishAsync(IDocumentSession session, string slug, IReadOnlyDictionary<string, string> files, string source,
        string? publishedBy, CancellationToken ct)
    {
        var version = parser.Parse(slug, files);
        var course = await session.LoadAsync<Course>(version.Slug, ct);
        var current = course is null ? null : await session.LoadAsync<CourseVersion>(CourseVersion.IdFor(course.Id, course.CurrentVersion), ct);
        if (current is not null && current.Hash == version.Hash) return null;

        // The author's number is used when it moves forward; a changed course never reuses a published number.
        version.Number = Math.Max(version.Number, (course?.CurrentVersion ?? 0) + 1);
        version.Id = CourseVersion.IdFor(version.Slug, version.Number);
        version.Source = source;
        version.PublishedBy = publishedBy;
        version.PublishedAt = clock.GetUtcNow();
        session.Store(version);
        course ??= new Course { Id = version.Slug };
        (course.CurrentVersion, course.Title, course.Summary, course.Language, course.UpdatedAt) =
            (version.Number, version.Title, version.Summary, version.Language, version.PublishedAt);
        session.Store(course);
        logger.LogInformation("Course {Slug} version {Version} published from {Source}", version.Slug, version.Number, source);
        return version;
    }
}

/// <summary>
/// content/courses/&lt;slug&gt;/: any changed file re-reads the whole folder, so a course is always published whole
/// (several files changed at once make one new version, not one per file).
/// </summary>
public sealed class CourseImporter(CoursePublisher publisher, IOptions<ContentOptions> options, IHostEnvironment environment) : IContentImporter
{
    public string Folder => "courses";

    public async Task ImportAsync(ContentFile file, IDocumentSession session, CancellationToken ct)
    {
        var parts = file.RelativePath.Split('/');
        if (parts.Length != 3) return; // content/courses/README.md documents the format; it is not a course
        var folder = Path.Combine(AppPaths.Resolve(options.Value.Path, environment.ContentRootPath), "courses", parts[1]);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder, "*.md"))
            files[Path.GetFileName(path)] = await File.ReadAllTextAsync(path, ct);
        await publisher.PublishAsync(session, parts[1], files, "content", null, ct);
    }
}
