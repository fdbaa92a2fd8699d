using System.Net;
using KnowledgeHub.Features.Courses;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Tests.Forum;
using KnowledgeHub.Tests.Infrastructure;
using Marten;
using Marten.Patching;

namespace KnowledgeHub.Tests.Courses;

public sealed class LearningTests(AppFixture app) : CourseTest(app)
{
    [Fact]
    public async Task The_two_courses_in_content_are_published_with_four_lessons_and_quizzes_each()
    {
        await using var session = App.Store.QuerySession();
        foreach (var slug in new[] { "national-ecd-network", "member-value-survey" })
        {
            var current = await CourseLearning.CurrentAsync(session, slug, default);
            Assert.NotNull(current);
            Assert.True(current.Value.Version.Lessons.Count >= 4);
            Assert.All(current.Value.Version.Lessons, l => Assert.NotNull(l.Quiz));
        }
        var catalogue = await Client().GetAsync("/courses");
        Assert.Contains("Building and sustaining a national ECD network", catalogue.Text);
        Assert.Contains("Running a member value-proposition survey", catalogue.Text);
    }

    [Fact]
    public async Task A_lesson_opened_out_of_order_says_which_lesson_comes_first()
    {
        var slug = await PublishAsync();
        var client = await Members.SignedInAsync(await Members.AddAsync());
        var before = await client.GetAsync($"/courses/{slug}/lessons/second");
        Assert.Contains("Enrol in the course first", before.Text);
        await EnrolAsync(client, slug);

        var page = await client.GetAsync($"/courses/{slug}/lessons/second");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Finish lesson 1, “First lesson”, first.", page.Text);
        Assert.DoesNotContain("Second lesson text", page.Text);
        // Posting "read" for it directly is refused the same way, and nothing is recorded.
        var forced = await client.PostAsync($"/courses/{slug}/lessons/second?handler=Read", [new("__RequestVerificationToken", Token(page))]);
        Assert.Contains("Finish lesson 1", forced.Text);
        Assert.Empty((await EnrolmentAsync(slug)).CompletedLessons);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/courses/no-such-course/lessons/first")).Status);
    }

    [Fact]
    public async Task Failing_a_quiz_then_passing_it_completes_the_course_once_even_when_the_answers_are_sent_twice()
    {
        var slug = await PublishAsync(maxAttempts: 3);
        var member = await Members.AddAsync("Karma Wangmo");
        var client = await Members.SignedInAsync(member);
        await EnrolAsync(client, slug);

        var failed = await ReadAndAnswerAsync(client, slug, Wrong);
        Assert.Contains("0%", failed.Text);
        Assert.Contains("Not passed this time.", failed.Text);
        Assert.Contains("The second one is right.", failed.Text); // explanations after answering

        var passed = await ReadAndAnswerAsync(client, slug, Right);
        Assert.Contains("100%", passed.Text);
        Assert.Contains("Passed", passed.Text);
        await client.SubmitAsync($"/courses/{slug}/lessons/second", new Dictionary<string, string>(), "form[action*='handler=Read']");

        var enrolment = await EnrolmentAsync(slug);
        Assert.NotNull(enrolment.CompletedAt);
        Assert.NotNull(enrolment.CertificateCode);

        // The passing answers sent again (a double click, a replayed request): answered clearly, nothing counted twice.
        await using (var session = App.Store.QuerySession())
        {
            var attempts = await session.Query<QuizAttempt>().Where(a => a.Slug == slug).OrderBy(a => a.Number).ToListAsync();
            Assert.Equal(2, attempts.Count);
            var replay = await client.PostAsync($"/courses/{slug}/lessons/first/quiz/{attempts[1].Id}",
                [new("__RequestVerificationToken", Token(passed)), new("attemptId", attempts[1].Id.ToString()), new("answers[colour]", "0")]);
            Assert.Equal(HttpStatusCode.Conflict, replay.Status);
            Assert.Contains("already submitted", replay.Text);
            Assert.Contains("100%", replay.Text);
        }
        await using (var session = App.Store.QuerySession())
        {
            Assert.Equal(2, await session.Query<QuizAttempt>().CountAsync(a => a.Slug == slug));
            Assert.Equal(1, await session.Query<KnowledgeHub.Features.Certificates.Certificate>().CountAsync(c => c.Slug == slug));
            Assert.Equal(100, (await session.Query<QuizAttempt>().Where(a => a.Slug == slug && a.Number == 2).SingleAsync()).Score);
        }
        var learning = await client.GetAsync("/learning");
        Assert.Contains("Test course on caregiving", learning.Text);
        Assert.NotNull(learning.Document.QuerySelector($"a[href='/certificates/{enrolment.CertificateCode}']"));
    }

    [Fact]
    public async Task The_attempt_limit_and_the_wait_between_attempts_are_enforced()
    {
        var slug = await PublishAsync(maxAttempts: 2, waitMinutes: 30);
        var client = await Members.SignedInAsync(await Members.AddAsync());
        await EnrolAsync(client, slug);
        await ReadAndAnswerAsync(client, slug, Wrong);

        var lesson = await client.GetAsync($"/courses/{slug}/lessons/first");
        Assert.Contains("You can try again after", lesson.Text);
        var early = await client.PostAsync($"/courses/{slug}/lessons/first?handler=Start", [new("__RequestVerificationToken", Token(lesson))]);
        Assert.Contains("You can try again after", early.Text);

        await PastTheWaitAsync(slug);
        await ReadAndAnswerAsync(client, slug, Wrong);
        await PastTheWaitAsync(slug);
        var used = await client.GetAsync($"/courses/{slug}/lessons/first");
        Assert.Contains("You have used all 2 attempts", used.Text);
        var refused = await client.PostAsync($"/courses/{slug}/lessons/first?handler=Start", [new("__RequestVerificationToken", Token(used))]);
        Assert.Contains("You have used all 2 attempts", refused.Text);
        await using var session = App.Store.QuerySession();
        Assert.Equal(2, await session.Query<QuizAttempt>().CountAsync(a => a.Slug == slug));
    }

    [Fact]
    public async Task Answers_sent_to_another_courses_quiz_are_refused_and_not_counted()
    {
        var first = await PublishAsync();
        var second = await PublishAsync();
        var client = await Members.SignedInAsync(await Members.AddAsync());
        await EnrolAsync(client, first);
        await EnrolAsync(client, second);
        await client.SubmitAsync($"/courses/{first}/lessons/first", new Dictionary<string, string>(), "form[action*='handler=Read']");
        var started = await client.SubmitAsync($"/courses/{first}/lessons/first", new Dictionary<string, string>(), "form[action*='handler=Start']");
        var attemptId = started.Location!.Split('/').Last();
        var quiz = await client.GetAsync(started.Location!);

        var crossed = await client.PostAsync($"/courses/{second}/lessons/first/quiz/{attemptId}",
            [new("__RequestVerificationToken", Token(quiz)), new("attemptId", attemptId), new("answers[colour]", "1"), new("answers[term]", "nurturing care")]);
        Assert.Equal(HttpStatusCode.Conflict, crossed.Status);
        Assert.Contains("belong to another quiz", crossed.Text);
        // Someone else's attempt id is not theirs to submit either.
        var other = await Members.SignedInAsync(await Members.AddAsync("Other Member"));
        var foreign = await other.PostAsync($"/courses/{first}/lessons/first/quiz/{attemptId}",
            [new("__RequestVerificationToken", Token(await other.GetAsync("/courses"))), new("attemptId", attemptId)]);
        Assert.NotEqual(HttpStatusCode.OK, foreign.Status);
        await using var session = App.Store.QuerySession();
        Assert.Null((await session.LoadAsync<QuizAttempt>(Guid.Parse(attemptId)))!.SubmittedAt);
        Assert.Empty((await EnrolmentAsync(first)).PassedQuizzes);
    }

    [Fact]
    public async Task A_new_course_version_keeps_an_enrolled_members_progress()
    {
        var slug = await PublishAsync();
        var member = await Members.AddAsync();
        var client = await Members.SignedInAsync(member);
        await EnrolAsync(client, slug);
        await ReadAndAnswerAsync(client, slug, Right);

        // The author changes the second lesson: a new version, while the member stays on theirs with everything kept.
        Assert.Null(await PublishFilesAsync(slug, Files())); // unchanged files are not a new version
        var v2 = await PublishFilesAsync(slug, Files(secondLesson: "The second lesson, rewritten."));
        Assert.Equal(2, v2!.Number);
        var enrolment = await EnrolmentAsync(slug);
        Assert.Equal(1, enrolment.Version);
        Assert.Contains("first", enrolment.CompletedLessons);
        Assert.Contains("first", enrolment.PassedQuizzes);
        var onOld = await client.GetAsync($"/courses/{slug}/lessons/second");
        Assert.Contains("Second lesson text.", onOld.Text);

        var home = await client.GetAsync($"/courses/{slug}");
        Assert.Contains("Version 2 is now published", home.Text);
        await client.SubmitAsync($"/courses/{slug}", new Dictionary<string, string>(), "form[action*='handler=Move']");
        enrolment = await EnrolmentAsync(slug);
        Assert.Equal(2, enrolment.Version);
        Assert.Contains("first", enrolment.CompletedLessons);
        Assert.Contains("first", enrolment.PassedQuizzes); // its questions did not change
        var onNew = await client.GetAsync($"/courses/{slug}/lessons/second");
        Assert.Contains("The second lesson, rewritten.", onNew.Text);
    }

    [Fact]
    public async Task A_course_that_asks_for_discussion_completes_only_after_a_post_in_a_lesson_thread()
    {
        var slug = await PublishAsync(discussion: true);
        var client = await Members.SignedInAsync(await Members.AddAsync("Dorji Wangchuk"));
        await EnrolAsync(client, slug);
        await ReadAndAnswerAsync(client, slug, Right);
        await client.SubmitAsync($"/courses/{slug}/lessons/second", new Dictionary<string, string>(), "form[action*='handler=Read']");
        Assert.Null((await EnrolmentAsync(slug)).CompletedAt);

        var refused = await client.SubmitAsync($"/courses/{slug}", new Dictionary<string, string>(), "form[action*='handler=Finish']");
        Assert.Contains("Post in one of the lesson discussions first", refused.Text);

        var opened = await client.SubmitAsync($"/courses/{slug}/lessons/first", new Dictionary<string, string>(), "form[action*='handler=Discuss']");
        var thread = Guid.Parse(opened.Location!.Split('/')[2]);
        var lesson = await client.GetAsync($"/courses/{slug}/lessons/first");
        Assert.NotNull(lesson.Document.QuerySelector($"a[href='/t/{thread}']")); // one thread per lesson, found again
        var posts = await App.PostsAsync(thread);
        Assert.Contains("First lesson", posts[0].Markdown);
        // Starting the thread is not taking part: the opening post was written for the member.
        refused = await client.SubmitAsync($"/courses/{slug}", new Dictionary<string, string>(), "form[action*='handler=Finish']");
        Assert.Contains("Post in one of the lesson discussions first", refused.Text);
        await client.ReplyAsync(thread, "I tried responsive caregiving with parents in our district and it worked well.");
        await client.SubmitAsync($"/courses/{slug}", new Dictionary<string, string>(), "form[action*='handler=Finish']");
        Assert.NotNull((await EnrolmentAsync(slug)).CertificateCode);
    }

    [Fact]
    public async Task Course_authors_see_completion_and_how_often_each_question_is_answered_right()
    {
        var slug = await PublishAsync();
        var learner = await Members.SignedInAsync(await Members.AddAsync());
        await EnrolAsync(learner, slug);
        await ReadAndAnswerAsync(learner, slug, Wrong);
        await ReadAndAnswerAsync(learner, slug, Right);
        await EnrolAsync(await Members.SignedInAsync(await Members.AddAsync("Second Learner")), slug);

        Assert.NotEqual(HttpStatusCode.OK, (await learner.GetAsync($"/courses/{slug}/report")).Status);
        var author = await Members.SignedInAsync(await Members.AddAsync("Course Author", roles: Role.CourseAuthor));
        var report = await author.GetAsync($"/courses/{slug}/report");
        Assert.Equal(HttpStatusCode.OK, report.Status);
        var rows = report.Document.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("Which is right?") && r.Contains("2") && r.Contains("50%"));
        Assert.Contains("Enrolments2", report.Document.QuerySelector("dl")!.TextContent.Replace("\n", "").Replace(" ", ""));
    }

    [Fact]
    public async Task A_course_author_drafts_previews_and_publishes_a_course_in_the_app()
    {
        var slug = "drafted-" + Guid.NewGuid().ToString("N")[..8];
        var member = await Members.SignedInAsync(await Members.AddAsync());
        Assert.NotEqual(HttpStatusCode.OK, (await member.GetAsync("/courses/author")).Status);

        var author = await Members.SignedInAsync(await Members.AddAsync("Course Author", roles: Role.CourseAuthor));
        var started = await author.SubmitAsync("/courses/author", new Dictionary<string, string> { ["Slug"] = slug });
        Assert.Equal($"/courses/author/{slug}", started.Location);
        var files = Files();
        var fields = new Dictionary<string, string>
        {
            ["Files[0].Name"] = "course.md", ["Files[0].Text"] = files["course.md"],
            ["Files[1].Name"] = "01-first-lesson.md", ["Files[1].Text"] = files["01-first.md"].Replace("type: single", "type: dropdown"),
            ["Files[2].Name"] = "02-second.md", ["Files[2].Text"] = files["02-second.md"],
        };
        var preview = await PostDraftAsync(author, slug, "Preview", fields);
        Assert.Contains("01-first-lesson.md", preview.Text);
        Assert.Contains("'type' is one of single, multiple, true-false, short", preview.Text);

        fields["Files[1].Text"] = files["01-first.md"];
        var good = await PostDraftAsync(author, slug, "Preview", fields);
        Assert.Contains("First lesson text about responsive caregiving", good.Text);
        var published = await PostDraftAsync(author, slug, "Publish", fields);
        Assert.Equal($"/courses/{slug}", published.Location);
        await using var session = App.Store.QuerySession();
        var current = await CourseLearning.CurrentAsync(session, slug, default);
        Assert.Equal("app", current!.Value.Version.Source);
        Assert.Null(await session.LoadAsync<CourseDraft>(slug));
    }

    [Fact]
    public async Task Search_indexes_the_course_for_everyone_and_its_lessons_for_members()
    {
        var slug = await PublishAsync();
        await using var session = App.Store.QuerySession();
        var documents = new List<KnowledgeHub.Infrastructure.Search.SearchDocument>();
        await foreach (var d in new CourseSearch().AllAsync(session, default)) documents.Add(d);
        var course = Assert.Single(documents, d => d.Key == $"course:{slug}");
        Assert.Equal(["public"], course.Audience);
        Assert.Equal($"/courses/{slug}", course.Url);
        var lesson = Assert.Single(documents, d => d.Key == $"lesson:{slug}/first");
        Assert.Equal(["members"], lesson.Audience);
        Assert.Contains("responsive caregiving", lesson.Body);
    }

    private static async Task<Page> PostDraftAsync(TestClient author, string slug, string handler, Dictionary<string, string> fields)
    {
        var page = await author.GetAsync($"/courses/author/{slug}");
        var values = fields.ToList();
        values.Add(new("__RequestVerificationToken", Token(page)));
        values.Add(new("Revision", page.ValueOf("Revision")!));
        return await author.PostAsync($"/courses/author/{slug}?handler={handler}", values);
    }

    private async Task<Enrolment> EnrolmentAsync(string slug)
    {
        await using var session = App.Store.QuerySession();
        return await session.Query<Enrolment>().SingleAsync(e => e.Slug == slug);
    }

    private async Task PastTheWaitAsync(string slug)
    {
        await using var session = App.Store.LightweightSession();
        foreach (var a in await session.Query<QuizAttempt>().Where(a => a.Slug == slug).ToListAsync())
            session.Patch<QuizAttempt>(a.Id).Set(x => x.SubmittedAt, a.SubmittedAt?.AddHours(-1));
        await session.SaveChangesAsync();
    }

    private static string Token(Page page) =>
        page.Document.QuerySelector("input[name='__RequestVerificationToken']")?.GetAttribute("value") ?? throw new InvalidOperationException("no antiforgery token");
}
