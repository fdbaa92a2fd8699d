using KnowledgeHub.Features.Certificates;
using KnowledgeHub.Features.Courses;
using KnowledgeHub.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Tests.Courses;

/// <summary>Base for course tests: also clears learning data (enrolments, attempts, certificates, drafts, discussions).</summary>
public abstract class CourseTest(AppFixture app) : AppTest(app)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var type in new[] { typeof(Enrolment), typeof(QuizAttempt), typeof(Certificate), typeof(CourseDraft), typeof(LessonDiscussion) })
            await App.Store.Advanced.Clean.DeleteDocumentsByTypeAsync(type);
    }

    /// <summary>A small course of its own (unique slug), published the way content/courses is.</summary>
    protected async Task<string> PublishAsync(string? slug = null, int maxAttempts = 0, int waitMinutes = 0, bool discussion = false, string secondLesson = "Second lesson text.")
    {
        slug ??= "test-" + Guid.NewGuid().ToString("N")[..10];
        await PublishFilesAsync(slug, Files(maxAttempts, waitMinutes, discussion, secondLesson));
        return slug;
    }

    protected async Task<CourseVersion?> PublishFilesAsync(string slug, Dictionary<string, string> files)
    {
        await using var session = App.Store.LightweightSession();
        var version = await App.Factory.Services.GetRequiredService<CoursePublisher>().PublishAsync(session, slug, files, "test", null, default);
        await session.SaveChangesAsync();
        return version;
    }

    /// <summary>Two lessons; the first has a quiz of two questions (single choice: option 2 is right; short answer "nurturing care").</summary>
    public static Dictionary<string, string> Files(int maxAttempts = 0, int waitMinutes = 0, bool discussion = false, string secondLesson = "Second lesson text.") => new()
    {
        ["course.md"] = $"---\ntitle: Test course on caregiving\nsummary: A course used by the tests.\naudience: Testers\nestimated-hours: 1\nlanguage: en\nauthors: [Test Author]\npassing-score: 100\nversion: 1\nmax-attempts: {maxAttempts}\nwait-minutes: {waitMinutes}\nrequires-discussion: {(discussion ? "true" : "false")}\n---\nAbout the test course.\n",
        ["01-first.md"] = "---\ntitle: First lesson\nquiz:\n  questions:\n    - id: colour\n      type: single\n      text: Which is right?\n      options: [Wrong answer, Right answer, Another wrong one]\n      correct: [2]\n      explanation: The second one is right.\n    - id: term\n      type: short\n      text: Name the framework.\n      accepted: [nurturing care]\n      explanation: It is nurturing care.\n---\nFirst lesson text about responsive caregiving.\n",
        ["02-second.md"] = "---\ntitle: Second lesson\n---\n" + secondLesson + "\n",
    };

    protected static Dictionary<string, string> Right => new() { ["answers[colour]"] = "1", ["answers[term]"] = "Nurturing  Care." };
    protected static Dictionary<string, string> Wrong => new() { ["answers[colour]"] = "0", ["answers[term]"] = "something else" };

    /// <summary>Reads lesson 1, takes its quiz with these answers, and returns the result page.</summary>
    protected static async Task<Page> ReadAndAnswerAsync(TestClient client, string slug, Dictionary<string, string> answers)
    {
        var lesson = await client.GetAsync($"/courses/{slug}/lessons/first");
        if (lesson.Document.QuerySelector("form[action*='handler=Read']") is not null)
            await client.SubmitAsync($"/courses/{slug}/lessons/first", new Dictionary<string, string>(), "form[action*='handler=Read']");
        var started = await client.SubmitAsync($"/courses/{slug}/lessons/first", new Dictionary<string, string>(), "form[action*='handler=Start']");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, started.Status);
        return await client.SubmitAsync(started.Location!, answers);
    }

    protected static async Task EnrolAsync(TestClient client, string slug)
    {
        var page = await client.SubmitAsync($"/courses/{slug}", new Dictionary<string, string>(), "form[action*='handler=Enrol']");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, page.Status);
    }
}
