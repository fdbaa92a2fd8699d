using Marten.Schema;

namespace KnowledgeHub.Features.Courses;

public enum QuestionKind { Single, Multiple, TrueFalse, Short }

/// <summary>A course as the catalogue knows it: the slug and which published version is current. Id is the slug.</summary>
public sealed class Course
{
    public string Id { get; set; } = "";
    public int CurrentVersion { get; set; }
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Language { get; set; } = "en";
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// One published version of a course, never changed once written (id "slug@n"): members enrolled on it keep learning on
/// it, and certificates name it. The source texts are kept so an author can start a new draft from it.
/// </summary>
public sealed class CourseVersion
{
    public string Id { get; set; } = "";
    public string Slug { get; set; } = "";
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Audience { get; set; } = "";
    public decimal EstimatedHours { get; set; }
    public string Language { get; set; } = "en";
    public List<string> Authors { get; set; } = [];
    /// <summary>Percent of a quiz's questions to answer right to pass it, unless the quiz sets its own.</summary>
    public int PassingScore { get; set; } = 70;
    /// <summary>Attempts allowed per quiz; 0 means no limit.</summary>
    public int MaxAttempts { get; set; }
    /// <summary>Minutes a member waits after a failed attempt before the next.</summary>
    public int WaitMinutes { get; set; }
    /// <summary>Completion also needs a post in one of the course's lesson discussions.</summary>
    public bool RequiresDiscussion { get; set; }
    public string DescriptionHtml { get; set; } = "";
    public List<Lesson> Lessons { get; set; } = [];
    /// <summary>Hash of everything a learner sees: an import with the same hash is not a new version.</summary>
    public string Hash { get; set; } = "";
    public string Source { get; set; } = "content";
    public Dictionary<string, string> SourceFiles { get; set; } = [];
    public DateTimeOffset PublishedAt { get; set; }
    public string? PublishedBy { get; set; }

    public static string IdFor(string slug, int number) => $"{slug}@{number}";
    public Lesson? Lesson(string key) => Lessons.FirstOrDefault(l => l.Key == key);
}

public sealed class Lesson
{
    /// <summary>Stable across versions (the file name without its order prefix): progress moves with it.</summary>
    public string Key { get; set; } = "";
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public string Html { get; set; } = "";
    public Quiz? Quiz { get; set; }
    /// <summary>Hash of the lesson's quiz: a passed quiz carries over to a new version only when this is unchanged.</summary>
    public string QuizHash { get; set; } = "";
}

public sealed class Quiz
{
    public int? PassingScore { get; set; }
    /// <summary>Questions drawn from the pool for each attempt; 0 means all.</summary>
    public int Draw { get; set; }
    public bool Shuffle { get; set; } = true;
    public List<Question> Questions { get; set; } = [];
}

public sealed class Question
{
    public string Id { get; set; } = "";
    public QuestionKind Kind { get; set; }
    public string Text { get; set; } = "";
    public List<string> Options { get; set; } = [];
    /// <summary>Indexes into <see cref="Options"/> that are right (single, multiple, true/false: 0 = true, 1 = false).</summary>
    public List<int> Correct { get; set; } = [];
    /// <summary>Short answers accepted, compared without case, accents of spacing or surrounding punctuation.</summary>
    public List<string> Accepted { get; set; } = [];
    public string Explanation { get; set; } = "";
}

/// <summary>A member on a course version. Id "memberId/slug": one enrolment per member and course.</summary>
[UseOptimisticConcurrency]
public sealed class Enrolment
{
    public string Id { get; set; } = "";
    [Version] public Guid Revision { get; set; }
    public Guid MemberId { get; set; }
    public string Slug { get; set; } = "";
    public int Version { get; set; }
    public DateTimeOffset EnrolledAt { get; set; }
    public List<string> CompletedLessons { get; set; } = [];
    public List<string> PassedQuizzes { get; set; } = [];
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CertificateCode { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }

    public static string IdFor(Guid memberId, string slug) => $"{memberId:N}/{slug}";
}

/// <summary>One try at a lesson's quiz: the questions drawn (and their option order) are fixed when it starts.</summary>
[UseOptimisticConcurrency]
public sealed class QuizAttempt
{
    public Guid Id { get; set; } = Guid.NewGuid();
    [Version] public Guid Revision { get; set; }
    public Guid MemberId { get; set; }
    public string Slug { get; set; } = "";
    public int Version { get; set; }
    public string LessonKey { get; set; } = "";
    public int Number { get; set; }
    public List<DrawnQuestion> Questions { get; set; } = [];
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public int Score { get; set; }
    public bool Passed { get; set; }
    public List<AnswerResult> Results { get; set; } = [];
}

/// <summary>A question as shown in one attempt; <see cref="Order"/> lists option indexes in the order shown.</summary>
public sealed record DrawnQuestion(string Id, List<int> Order);

public sealed record AnswerResult(string QuestionId, bool Correct, List<int> Chosen, string? Text);

/// <summary>A lesson's discussion thread in the forum, shared by every version (id "slug/lessonKey").</summary>
public sealed class LessonDiscussion
{
    public string Id { get; set; } = "";
    public Guid ThreadId { get; set; }
    public static string IdFor(string slug, string lessonKey) => $"{slug}/{lessonKey}";
}

/// <summary>A course being written in the app by a course author, not yet published. Id is the slug.</summary>
[UseOptimisticConcurrency]
public sealed class CourseDraft
{
    public string Id { get; set; } = "";
    [Version] public Guid Revision { get; set; }
    /// <summary>File name → text, in the same format as content/courses (course.md and NN-lesson.md).</summary>
    public Dictionary<string, string> Files { get; set; } = [];
    public Guid AuthorId { get; set; }
    public string AuthorName { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}
