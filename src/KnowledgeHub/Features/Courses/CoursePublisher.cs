using KnowledgeHub.Features.Content;
using Marten;

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
/// content/courses/&lt;slug&gt;/ is one group: when any file of a course is added, changed or removed, the course is published
/// from the files it has now, once (several files changed at once make one new version; a removed lesson makes a version
/// without it). The texts come from the import's own read of the folder.
/// </summary>
public sealed class CourseImporter(CoursePublisher publisher) : IContentGroupImporter
{
    public string Folder => "courses";

    public string? GroupOf(string relativePath) =>
        relativePath.Split('/') is [var folder, var slug, _] && folder == Folder ? $"{Folder}/{slug}" : null;

    /// <summary>Files outside a course folder (content/courses/README.md documents the format) are not courses.</summary>
    public Task ImportAsync(ContentFile file, IDocumentSession session, CancellationToken ct) => Task.CompletedTask;

    public async Task ImportGroupAsync(string group, IReadOnlyDictionary<string, string> files, IDocumentSession session, CancellationToken ct) =>
        await publisher.PublishAsync(session, group[(Folder.Length + 1)..], files.ToDictionary(f => Path.GetFileName(f.Key), f => f.Value, StringComparer.Ordinal),
            "content", null, ct);
}
