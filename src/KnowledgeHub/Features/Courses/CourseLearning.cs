using System.Security.Cryptography;
using KnowledgeHub.Features.Certificates;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Postgres;
using KnowledgeHub.Infrastructure.Text;
using Marten;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Courses;

/// <summary>What a member's submission came to: graded now, already graded before (a replay), or refused with a reason;
/// with the course version and the member's certificate code when they were read, so the result page need not read them again.</summary>
public sealed record SubmitOutcome(QuizAttempt? Attempt, string? Error, bool Replayed = false, Certificate? Certificate = null,
    CourseVersion? Version = null, string? CertificateCode = null);

/// <summary>
/// Every change to a member's learning goes through here: enrolment, lessons in order, quiz attempts (limit, wait,
/// one grading per attempt), completion and the certificate. Enrolments and attempts use optimistic concurrency, so a
/// doubled request is graded or counted once.
/// </summary>
public sealed class CourseLearning(IDocumentStore store, CertificateIssuer issuer, TimeProvider clock, IStringLocalizer<SharedResource> L,
    ILogger<CourseLearning> logger)
{
    public static async Task<(Course Course, CourseVersion Version)?> CurrentAsync(IQuerySession session, string slug, CancellationToken ct)
    {
        if (await session.LoadAsync<Course>(slug, ct) is not { } course) return null;
        return await session.LoadAsync<CourseVersion>(CourseVersion.IdFor(slug, course.CurrentVersion), ct) is { } version ? (course, version) : null;
    }

    /// <summary>Lesson n opens when lesson n-1 is done: read, and its quiz (if any) passed.</summary>
    public static bool IsDone(Enrolment enrolment, Lesson lesson) =>
        enrolment.CompletedLessons.Contains(lesson.Key) && (lesson.Quiz is null || enrolment.PassedQuizzes.Contains(lesson.Key));

    public static Lesson? FirstBlocking(Enrolment enrolment, CourseVersion version, Lesson lesson) =>
        version.Lessons.Where(l => l.Number < lesson.Number).FirstOrDefault(l => !IsDone(enrolment, l));

    public async Task<Enrolment> EnrolAsync(Guid memberId, string slug, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<Enrolment>(Enrolment.IdFor(memberId, slug), ct) is { } existing) return existing;
        var current = await CurrentAsync(session, slug, ct) ?? throw new InvalidOperationException($"No course {slug}");
        var now = clock.GetUtcNow();
        var enrolment = new Enrolment
        {
            Id = Enrolment.IdFor(memberId, slug), MemberId = memberId, Slug = slug, Version = current.Version.Number, EnrolledAt = now, LastActivityAt = now,
        };
        session.Insert(enrolment);
        try { await session.SaveChangesAsync(ct); }
        catch (Exception e) when (WriteConflicts.IsConflict(e)) { } // a doubled click: the first one enrolled
        logger.LogInformation("Member {MemberId} enrolled in {Slug} version {Version}", memberId, slug, enrolment.Version);
        await using var read = store.QuerySession();
        return (await read.LoadAsync<Enrolment>(enrolment.Id, ct))!;
    }

    /// <summary>Marks a lesson read. Returns an error to show, or null.</summary>
    public async Task<string?> CompleteLessonAsync(Member member, string slug, string lessonKey, CancellationToken ct) =>
        await WithEnrolmentAsync(member.Id, slug, ct, async (session, enrolment, version) =>
        {
            if (version.Lesson(lessonKey) is not { } lesson) return L["This lesson is not part of your version of the course."];
            if (FirstBlocking(enrolment, version, lesson) is { } blocking) return string.Format(L["Finish lesson {0}, “{1}”, first."], blocking.Number, blocking.Title);
            if (enrolment.CompletedLessons.Contains(lesson.Key)) return null;
            enrolment.CompletedLessons.Add(lesson.Key);
            await CompleteIfDoneAsync(session, enrolment, version, member, ct);
            return null;
        });

    /// <summary>Starts an attempt at a lesson's quiz, or returns the one already open.</summary>
    public async Task<(QuizAttempt? Attempt, string? Error)> StartAttemptAsync(Guid memberId, string slug, string lessonKey, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<Enrolment>(Enrolment.IdFor(memberId, slug), ct) is not { } enrolment) return (null, L["Enrol in the course first."]);
        var version = (await session.LoadAsync<CourseVersion>(CourseVersion.IdFor(slug, enrolment.Version), ct))!;
        if (version.Lesson(lessonKey) is not { Quiz: { } quiz } lesson) return (null, L["This lesson has no quiz."]);
        if (FirstBlocking(enrolment, version, lesson) is { } blocking) return (null, string.Format(L["Finish lesson {0}, “{1}”, first."], blocking.Number, blocking.Title));
        if (!enrolment.CompletedLessons.Contains(lesson.Key)) return (null, L["Read the lesson and mark it as read before the quiz."]);
        if (enrolment.PassedQuizzes.Contains(lesson.Key)) return (null, L["You have already passed this quiz."]);

        var attempts = await AttemptsAsync(session, memberId, slug, enrolment.Version, lessonKey, ct);
        if (attempts.FirstOrDefault(a => a.SubmittedAt is null) is { } open) return (open, null);
        if (Refusal(version, attempts) is { } refusal) return (null, refusal);

        var attempt = new QuizAttempt
        {
            MemberId = memberId, Slug = slug, Version = enrolment.Version, LessonKey = lessonKey, Number = attempts.Count + 1,
            StartedAt = clock.GetUtcNow(), Questions = Draw(quiz),
        };
        session.Insert(attempt);
        await session.SaveChangesAsync(ct);
        return (attempt, null);
    }

    /// <summary>Why no new attempt may start now (limit reached, or still waiting after a failed one), or null.</summary>
    public string? Refusal(CourseVersion version, IReadOnlyList<QuizAttempt> attempts)
    {
        var submitted = attempts.Where(a => a.SubmittedAt is not null).ToList();
        if (version.MaxAttempts > 0 && submitted.Count >= version.MaxAttempts)
            return string.Format(L["You have used all {0} attempts at this quiz. Ask the course team in the discussion if you need another."], version.MaxAttempts);
        if (NextAttemptAt(version, submitted) is { } at && at > clock.GetUtcNow())
            return string.Format(L["You can try again after {0:HH:mm} UTC ({1} minutes after your last attempt). Use the time to re-read the lesson."], at.UtcDateTime, version.WaitMinutes);
        return null;
    }

    public static DateTimeOffset? NextAttemptAt(CourseVersion version, IEnumerable<QuizAttempt> submitted) =>
        version.WaitMinutes > 0 && submitted.Where(a => a.SubmittedAt is not null).MaxBy(a => a.SubmittedAt) is { Passed: false } last
            ? last.SubmittedAt!.Value.AddMinutes(version.WaitMinutes) : null;

    public static async Task<IReadOnlyList<QuizAttempt>> AttemptsAsync(IQuerySession session, Guid memberId, string slug, int version, string lessonKey, CancellationToken ct) =>
        await session.Query<QuizAttempt>()
            .Where(a => a.MemberId == memberId && a.Slug == slug && a.Version == version && a.LessonKey == lessonKey)
            .OrderBy(a => a.Number).ToListAsync(ct);

    /// <summary>Grades an attempt once. Answers: question id → chosen option indexes, or the typed text for short answers.</summary>
    public async Task<SubmitOutcome> SubmitAsync(Member member, string slug, string lessonKey, Guid attemptId, IReadOnlyDictionary<string, string[]> answers, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var batch = session.CreateBatchQuery(); // the attempt and the enrolment in one round trip
        var attemptTask = batch.Load<QuizAttempt>(attemptId);
        var enrolmentTask = batch.Load<Enrolment>(Enrolment.IdFor(member.Id, slug));
        await batch.Execute(ct);
        var attempt = await attemptTask;
        var enrolment = await enrolmentTask;
        if (attempt is null || attempt.MemberId != member.Id) return new(null, L["This quiz attempt does not exist. Start the quiz again from the lesson."]);
        if (attempt.Slug != slug || attempt.LessonKey != lessonKey) return new(null, L["These answers belong to another quiz, so they were not counted."]);
        if (attempt.SubmittedAt is not null) return new(attempt, null, Replayed: true, CertificateCode: enrolment?.CertificateCode);
        if (enrolment is null || enrolment.Version != attempt.Version) return new(null, L["This attempt belongs to an earlier version of the course. Start the quiz again."]);
        var version = (await session.LoadAsync<CourseVersion>(CourseVersion.IdFor(slug, attempt.Version), ct))!;
        var lesson = version.Lesson(lessonKey)!;
        var quiz = lesson.Quiz!;

        var byId = quiz.Questions.ToDictionary(q => q.Id);
        foreach (var drawn in attempt.Questions)
        {
            var question = byId[drawn.Id];
            var given = answers.GetValueOrDefault(drawn.Id) ?? [];
            if (question.Kind == QuestionKind.Short)
            {
                var text = TextRules.Cut(given.FirstOrDefault()?.Trim() ?? "", 500);
                attempt.Results.Add(new(question.Id, question.Accepted.Contains(CourseParser.Normalize(text)), [], text));
            }
            else
            {
                var chosen = given.Select(g => int.TryParse(g, out var i) ? i : -1).Where(i => i >= 0 && i < question.Options.Count).Distinct().Order().ToList();
                if (question.Kind != QuestionKind.Multiple && chosen.Count > 1) chosen = []; // one answer only: two is no answer
                attempt.Results.Add(new(question.Id, chosen.SequenceEqual(question.Correct), chosen, null));
            }
        }
        var right = attempt.Results.Count(r => r.Correct);
        attempt.Score = attempt.Results.Count == 0 ? 0 : (int)Math.Floor(100.0 * right / attempt.Results.Count);
        attempt.Passed = attempt.Score >= (quiz.PassingScore ?? version.PassingScore);
        attempt.SubmittedAt = clock.GetUtcNow();
        session.Update(attempt);

        Certificate? certificate = null;
        if (attempt.Passed && !enrolment.PassedQuizzes.Contains(lessonKey))
        {
            enrolment.PassedQuizzes.Add(lessonKey);
            certificate = await CompleteIfDoneAsync(session, enrolment, version, member, ct);
        }
        enrolment.LastActivityAt = attempt.SubmittedAt.Value;
        session.Update(enrolment);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (WriteConflicts.IsConflict(e))
        {
            // The same attempt was submitted twice at once: the other request graded it; show that result.
            await using var read = store.QuerySession();
            var graded = await read.LoadAsync<QuizAttempt>(attemptId, ct);
            if (graded?.SubmittedAt is null) return new(null, L["Your answers could not be saved. Please submit them again."]);
            var code = (await read.LoadAsync<Enrolment>(Enrolment.IdFor(member.Id, slug), ct))?.CertificateCode;
            return new(graded, null, Replayed: true, Version: version, CertificateCode: code);
        }
        logger.LogInformation("Quiz {Slug}/{Lesson} attempt {Number} by {MemberId}: {Score}%", slug, lessonKey, attempt.Number, member.Id, attempt.Score);
        return new(attempt, null, Certificate: certificate, Version: version, CertificateCode: enrolment.CertificateCode);
    }

    /// <summary>For courses that ask for it: checks the discussion post and completes. Returns an error to show, or null.</summary>
    public async Task<string?> TryCompleteAsync(Member member, string slug, CancellationToken ct) =>
        await WithEnrolmentAsync(member.Id, slug, ct, async (session, enrolment, version) =>
        {
            if (enrolment.CompletedAt is not null) return null;
            if (!version.Lessons.All(l => IsDone(enrolment, l))) return L["Finish every lesson and pass every quiz first."];
            return await CompleteIfDoneAsync(session, enrolment, version, member, ct) is null
                ? L["Post in one of the lesson discussions first: this course asks every learner to take part."].Value : null;
        });

    /// <summary>Moves an enrolment to the current version, keeping read lessons and the quizzes whose questions did not change.</summary>
    public async Task<string?> MoveToCurrentAsync(Member member, string slug, CancellationToken ct) =>
        await WithEnrolmentAsync(member.Id, slug, ct, async (session, enrolment, old) =>
        {
            if (enrolment.CompletedAt is not null) return L["You have completed this version; your certificate names it."];
            var current = await CurrentAsync(session, slug, ct);
            if (current is null || current.Value.Version.Number == enrolment.Version) return null;
            var next = current.Value.Version;
            enrolment.CompletedLessons = enrolment.CompletedLessons.Where(k => next.Lesson(k) is not null).ToList();
            enrolment.PassedQuizzes = enrolment.PassedQuizzes.Where(k => next.Lesson(k) is { } l && old.Lesson(k) is { } o && l.QuizHash == o.QuizHash).ToList();
            enrolment.Version = next.Number;
            await CompleteIfDoneAsync(session, enrolment, next, member, ct);
            return null;
        });

    /// <summary>Completes the enrolment and issues the certificate when everything is done; null when something is still missing.</summary>
    private async Task<Certificate?> CompleteIfDoneAsync(IDocumentSession session, Enrolment enrolment, CourseVersion version, Member member, CancellationToken ct)
    {
        if (enrolment.CompletedAt is not null || !version.Lessons.All(l => IsDone(enrolment, l))) return null;
        if (version.RequiresDiscussion && !await HasDiscussedAsync(session, member.Id, version.Slug, ct)) return null;
        var certificate = await issuer.IssueAsync(session, member, version, ct);
        enrolment.CompletedAt = certificate.IssuedAt;
        enrolment.CertificateCode = certificate.Id;
        logger.LogInformation("Member {MemberId} completed {Slug} version {Version}", member.Id, version.Slug, version.Number);
        return certificate;
    }

    /// <summary>A reply of the member's own in a lesson thread; the opening post written for them when a thread starts does not count.</summary>
    private static async Task<bool> HasDiscussedAsync(IQuerySession session, Guid memberId, string slug, CancellationToken ct)
    {
        var threads = await session.Query<LessonDiscussion>().Where(d => d.Id.StartsWith(slug + "/")).Select(d => d.ThreadId).ToListAsync(ct);
        return threads.Count > 0 && await session.Query<Post>().AnyAsync(p => p.AuthorId == memberId && p.ThreadId.IsOneOf(threads.ToArray()) && p.Number > 1 && !p.Deleted, ct);
    }

    private async Task<string?> WithEnrolmentAsync(Guid memberId, string slug, CancellationToken ct, Func<IDocumentSession, Enrolment, CourseVersion, Task<string?>> change)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var session = store.LightweightSession();
            if (await session.LoadAsync<Enrolment>(Enrolment.IdFor(memberId, slug), ct) is not { } enrolment) return L["Enrol in the course first."];
            var version = (await session.LoadAsync<CourseVersion>(CourseVersion.IdFor(slug, enrolment.Version), ct))!;
            var error = await change(session, enrolment, version);
            if (error is not null) return error;
            enrolment.LastActivityAt = clock.GetUtcNow();
            session.Update(enrolment);
            try
            {
                await session.SaveChangesAsync(ct);
                return null;
            }
            catch (Exception e) when (WriteConflicts.IsConflict(e)) { } // another request changed the enrolment: read it again and re-apply
        }
        return L["Too many changes at once; please try again."];
    }

    private static List<DrawnQuestion> Draw(Quiz quiz)
    {
        var pool = quiz.Questions.ToArray();
        if (quiz.Shuffle || quiz.Draw > 0) RandomNumberGenerator.Shuffle(pool.AsSpan());
        var drawn = quiz.Draw > 0 ? pool.Take(quiz.Draw) : pool;
        if (!quiz.Shuffle) drawn = drawn.OrderBy(q => quiz.Questions.IndexOf(q));
        return drawn.Select(q =>
        {
            var order = Enumerable.Range(0, q.Options.Count).ToArray();
            if (quiz.Shuffle && q.Kind is QuestionKind.Single or QuestionKind.Multiple) RandomNumberGenerator.Shuffle(order.AsSpan());
            return new DrawnQuestion(q.Id, [.. order]);
        }).ToList();
    }
}
