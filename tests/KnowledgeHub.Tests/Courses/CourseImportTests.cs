using KnowledgeHub.Features.Content;
using KnowledgeHub.Features.Courses;
using KnowledgeHub.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Tests.Courses;

/// <summary>content/courses imported from a folder of its own: a course is published whole, once per change, and a removed lesson is noticed.</summary>
public sealed class CourseImportTests(AppFixture app) : CourseTest(app)
{
    private readonly string folder = Directory.CreateTempSubdirectory("kh-courses-").FullName;
    private readonly string slug = "import-" + Guid.NewGuid().ToString("N")[..8];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.Store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(ContentSource));
    }

    public override async Task DisposeAsync()
    {
        await App.Store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(ContentSource));
        await App.Factory.Services.GetRequiredService<ContentImport>().ImportAsync(); // the repository's content, as it was
        Directory.Delete(folder, recursive: true);
    }

    private ContentImport Importer() => new(App.Store, App.Factory.Services.GetServices<IContentImporter>(),
        Options.Create(new ContentOptions { Path = folder }), App.Factory.Services.GetRequiredService<IHostEnvironment>(), NullLogger<ContentImport>.Instance);

    private string PathOf(string file) => Path.Combine(folder, "courses", slug, file);

    private void Write(Dictionary<string, string> files)
    {
        Directory.CreateDirectory(Path.Combine(folder, "courses", slug));
        foreach (var (name, text) in files) File.WriteAllText(PathOf(name), text);
    }

    private async Task<Course> CourseAsync()
    {
        await using var session = App.Store.QuerySession();
        return (await session.LoadAsync<Course>(slug))!;
    }

    private async Task<CourseVersion> VersionAsync(int number)
    {
        await using var session = App.Store.QuerySession();
        return (await session.LoadAsync<CourseVersion>(CourseVersion.IdFor(slug, number)))!;
    }

    [Fact]
    public async Task A_removed_lesson_file_makes_a_new_version_without_it_and_members_keep_their_progress()
    {
        var files = Files();
        files["03-third.md"] = "---\ntitle: Third lesson\n---\nThird lesson text.\n";
        Write(files);
        var first = await Importer().ImportAsync();
        Assert.Empty(first.Errors);
        Assert.Equal(4, first.Created.Count(p => p.StartsWith($"courses/{slug}/", StringComparison.Ordinal)));
        Assert.Equal(["first", "second", "third"], (await VersionAsync(1)).Lessons.Select(l => l.Key));

        var member = await Members.AddAsync();
        var client = await Members.SignedInAsync(member);
        await EnrolAsync(client, slug);
        await ReadAndAnswerAsync(client, slug, Right);

        File.Delete(PathOf("03-third.md"));
        var removed = await Importer().ImportAsync();
        Assert.Empty(removed.Errors);
        Assert.Contains($"courses/{slug}/03-third.md", removed.Missing);
        Assert.Equal(2, (await CourseAsync()).CurrentVersion);
        Assert.Equal(["first", "second"], (await VersionAsync(2)).Lessons.Select(l => l.Key));
        Assert.Equal(3, (await VersionAsync(1)).Lessons.Count); // the published version is never changed

        // The member stays on version 1 until they move; moving keeps the lesson read and the quiz passed.
        var home = await client.GetAsync($"/courses/{slug}");
        Assert.Contains("Version 2 is now published", home.Text);
        await client.SubmitAsync($"/courses/{slug}", new Dictionary<string, string>(), "form[action*='handler=Move']");
        await using (var session = App.Store.QuerySession())
        {
            var enrolment = await session.Query<Enrolment>().SingleAsync(e => e.Slug == slug && e.MemberId == member.Id);
            Assert.Equal(2, enrolment.Version);
            Assert.Equal(["first"], enrolment.CompletedLessons);
            Assert.Equal(["first"], enrolment.PassedQuizzes);
        }

        // Importing again changes nothing: the removed file is settled, not reported or republished again.
        var again = await Importer().ImportAsync();
        Assert.DoesNotContain($"courses/{slug}/03-third.md", again.Missing);
        Assert.Empty(again.Created.Concat(again.Updated));
        Assert.Equal(2, (await CourseAsync()).CurrentVersion);
    }

    [Fact]
    public async Task Several_files_changed_at_once_make_one_new_version()
    {
        Write(Files());
        await Importer().ImportAsync();
        var files = Files(secondLesson: "The second lesson, rewritten.");
        files["01-first.md"] = files["01-first.md"].Replace("First lesson text", "The first lesson, rewritten");
        Write(files);

        var report = await Importer().ImportAsync();
        Assert.Equal([$"courses/{slug}/01-first.md", $"courses/{slug}/02-second.md"], report.Updated);
        Assert.Equal(2, (await CourseAsync()).CurrentVersion);
        var version = await VersionAsync(2);
        Assert.Contains("rewritten", version.Lessons[0].Html);
        Assert.Contains("rewritten", version.Lessons[1].Html);
    }

    [Fact]
    public async Task A_mistake_in_a_course_names_its_file_and_publishes_nothing_until_it_is_fixed()
    {
        var files = Files();
        files["02-second.md"] = "no front matter here\n";
        Write(files);
        var report = await Importer().ImportAsync();
        var error = Assert.Single(report.Errors);
        Assert.Equal($"courses/{slug}/02-second.md", error.Path);
        Assert.Null(await CourseAsync());

        Write(Files());
        var fixedReport = await Importer().ImportAsync();
        Assert.Empty(fixedReport.Errors);
        Assert.Equal(1, (await CourseAsync()).CurrentVersion);
    }
}
