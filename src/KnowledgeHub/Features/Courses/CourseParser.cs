using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeHub.Features.Content;
using KnowledgeHub.Infrastructure.Markdown;

namespace KnowledgeHub.Features.Courses;

/// <summary>
/// Reads a course from its files (course.md and NN-lesson.md, see content/courses/README.md) into an unnumbered
/// <see cref="CourseVersion"/>. Every file is checked; the first mistake is reported with its file and line.
/// </summary>
public sealed partial class CourseParser(MarkdownRenderer renderer)
{
    public const string CourseFile = "course.md";
    public const int MaxQuestionsPerQuiz = 100;

    public CourseVersion Parse(string slug, IReadOnlyDictionary<string, string> files)
    {
        slug = ContentImport.Slug(slug);
        if (!files.TryGetValue(CourseFile, out var courseText)) throw new ContentException(1, $"The course '{slug}' has no {CourseFile}.");
        var courseFile = ContentFile.Parse(CourseFile, courseText);
        var meta = In(CourseFile, () => courseFile.Read<CourseFrontMatter>());
        var version = new CourseVersion
        {
            Slug = slug,
            Title = In(CourseFile, () => ContentFile.Required(meta.Title, "title")),
            Summary = In(CourseFile, () => ContentFile.Required(meta.Summary, "summary")),
            Audience = meta.Audience?.Trim() ?? "",
            EstimatedHours = meta.EstimatedHours is >= 0 and <= 1000 ? meta.EstimatedHours.Value : Fail<decimal>(CourseFile, 1, "'estimated-hours' must be a number of hours from 0 to 1000."),
            Language = string.IsNullOrWhiteSpace(meta.Language) ? "en" : meta.Language.Trim(),
            Authors = meta.Authors?.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList() ?? [],
            PassingScore = meta.PassingScore is >= 1 and <= 100 ? meta.PassingScore.Value : Fail<int>(CourseFile, 1, "'passing-score' must be a percentage from 1 to 100."),
            MaxAttempts = meta.MaxAttempts is >= 0 and <= 100 ? meta.MaxAttempts ?? 0 : Fail<int>(CourseFile, 1, "'max-attempts' must be from 0 (no limit) to 100."),
            WaitMinutes = meta.WaitMinutes is >= 0 and <= 10_080 ? meta.WaitMinutes ?? 0 : Fail<int>(CourseFile, 1, "'wait-minutes' must be from 0 to 10080 (a week)."),
            RequiresDiscussion = meta.RequiresDiscussion ?? false,
            Number = meta.Version is >= 1 ? meta.Version.Value : Fail<int>(CourseFile, 1, "'version' must be a whole number from 1."),
            DescriptionHtml = In(CourseFile, () => ContentImport.Render(renderer, courseFile)),
            SourceFiles = files.ToDictionary(f => f.Key, f => f.Value),
        };
        if (version.Authors.Count == 0) Fail<int>(CourseFile, 1, "Front matter needs 'authors': a list of names.");

        var lessonFiles = new List<(int Order, string Key, string Name)>();
        foreach (var name in files.Keys.Where(n => n != CourseFile && !n.Equals("README.md", StringComparison.OrdinalIgnoreCase)))
        {
            var match = LessonName().Match(name);
            if (!match.Success) Fail<int>(name, 1, "A lesson file is named like '01-lesson-name.md': its order, a hyphen, then lowercase words joined by hyphens.");
            lessonFiles.Add((int.Parse(match.Groups[1].Value), match.Groups[2].Value, name));
        }
        if (lessonFiles.Count == 0) Fail<int>(CourseFile, 1, "The course has no lessons: add files named like '01-first-lesson.md'.");
        foreach (var clash in lessonFiles.GroupBy(l => l.Key).Where(g => g.Count() > 1))
            Fail<int>(clash.Last().Name, 1, $"Two lessons share the name '{clash.Key}'.");
        foreach (var clash in lessonFiles.GroupBy(l => l.Order).Where(g => g.Count() > 1))
            Fail<int>(clash.Last().Name, 1, $"Two lessons share the order number {clash.Key}.");

        var number = 0;
        foreach (var (_, key, name) in lessonFiles.OrderBy(l => l.Order))
            version.Lessons.Add(ParseLesson(name, key, files[name], ++number, version.PassingScore));
        version.Hash = Hash(version);
        return version;
    }

    private Lesson ParseLesson(string name, string key, string text, int number, int coursePassingScore)
    {
        var file = In(name, () => ContentFile.Parse(name, text));
        var meta = In(name, () => file.Read<LessonFrontMatter>());
        var lesson = new Lesson
        {
            Key = key, Number = number, Title = In(name, () => ContentFile.Required(meta.Title, "title")),
            Html = In(name, () => ContentImport.Render(renderer, file)),
        };
        if (meta.Quiz is { } quiz)
        {
            var questions = quiz.Questions ?? [];
            if (questions.Count == 0) Fail<int>(name, 1, "The quiz has no questions.");
            if (questions.Count > MaxQuestionsPerQuiz) Fail<int>(name, 1, $"A quiz has at most {MaxQuestionsPerQuiz} questions.");
            if (quiz.Draw is < 0 || quiz.Draw > questions.Count) Fail<int>(name, 1, $"'draw' must be from 0 (all) to {questions.Count}, the size of the pool.");
            if (quiz.PassingScore is < 1 or > 100) Fail<int>(name, 1, "The quiz's 'passing-score' must be a percentage from 1 to 100.");
            lesson.Quiz = new Quiz
            {
                PassingScore = quiz.PassingScore, Draw = quiz.Draw ?? 0, Shuffle = quiz.Shuffle ?? true,
                Questions = questions.Select((q, i) => ParseQuestion(name, q, i + 1)).ToList(),
            };
            foreach (var clash in lesson.Quiz.Questions.GroupBy(q => q.Id).Where(g => g.Count() > 1))
                Fail<int>(name, 1, $"Two questions share the id '{clash.Key}'.");
            lesson.QuizHash = Sha(JsonSerializer.Serialize(lesson.Quiz) + coursePassingScore);
        }
        return lesson;
    }

    private static Question ParseQuestion(string file, QuestionFrontMatter q, int position)
    {
        string Where() => $"Question {position}";
        var id = q.Id?.Trim() ?? "";
        if (!ContentImport.IsSlug(id)) Fail<int>(file, 1, $"{Where()}: 'id' must be lowercase letters, digits and hyphens (it identifies the question in reports).");
        if (string.IsNullOrWhiteSpace(q.Text)) Fail<int>(file, 1, $"{Where()} needs 'text'.");
        if (string.IsNullOrWhiteSpace(q.Explanation)) Fail<int>(file, 1, $"{Where()} needs an 'explanation', shown after answering.");
        var question = new Question { Id = id, Text = q.Text!.Trim(), Explanation = q.Explanation!.Trim() };
        switch (q.Type?.Trim())
        {
            case "single" or "multiple":
                question.Kind = q.Type.Trim() == "single" ? QuestionKind.Single : QuestionKind.Multiple;
                question.Options = q.Options?.Select(o => o.Trim()).ToList() ?? [];
                if (question.Options.Count is < 2 or > 10) Fail<int>(file, 1, $"{Where()}: give from 2 to 10 'options'.");
                var correct = q.Correct ?? [];
                if (correct.Count == 0 || correct.Any(c => c < 1 || c > question.Options.Count) || correct.Distinct().Count() != correct.Count)
                    Fail<int>(file, 1, $"{Where()}: 'correct' lists the right options by number, from 1 to {question.Options.Count}.");
                if (question.Kind == QuestionKind.Single && correct.Count != 1) Fail<int>(file, 1, $"{Where()}: a single-choice question has exactly one correct option.");
                question.Correct = correct.Select(c => c - 1).Order().ToList();
                break;
            case "true-false":
                question.Kind = QuestionKind.TrueFalse;
                question.Options = ["True", "False"];
                if (q.Answer is null) Fail<int>(file, 1, $"{Where()}: a true-false question needs 'answer: true' or 'answer: false'.");
                question.Correct = [q.Answer!.Value ? 0 : 1];
                break;
            case "short":
                question.Kind = QuestionKind.Short;
                question.Accepted = q.Accepted?.Select(Normalize).Where(a => a.Length > 0).Distinct().ToList() ?? [];
                if (question.Accepted.Count == 0) Fail<int>(file, 1, $"{Where()}: a short-answer question needs 'accepted': the answers counted as right.");
                break;
            default:
                Fail<int>(file, 1, $"{Where()}: 'type' is one of single, multiple, true-false, short.");
                break;
        }
        return question;
    }

    /// <summary>How short answers are compared: case, accents, inner spacing and surrounding punctuation do not count.</summary>
    public static string Normalize(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer)) return "";
        var decomposed = answer.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder();
        foreach (var c in decomposed)
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark) kept.Append(c);
        return Spaces().Replace(kept.ToString().Normalize(NormalizationForm.FormC), " ").Trim(' ', '.', ',', ';', ':', '!', '?', '"', '\'', '“', '”', '।');
    }

    private static string Hash(CourseVersion v) => Sha(JsonSerializer.Serialize(new
    {
        v.Title, v.Summary, v.Audience, v.EstimatedHours, v.Language, v.Authors, v.PassingScore, v.MaxAttempts, v.WaitMinutes,
        v.RequiresDiscussion, v.DescriptionHtml, v.Lessons,
    }));

    private static string Sha(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    private static T In<T>(string file, Func<T> read)
    {
        try { return read(); }
        catch (ContentException e) when (!e.Message.StartsWith(file + ":", StringComparison.Ordinal)) { throw new ContentException(e.Line, $"{file}:{e.Line}: {e.Message}"); }
    }

    private static T Fail<T>(string file, int line, string message) => throw new ContentException(line, $"{file}:{line}: {message}");

    [GeneratedRegex(@"^(\d{1,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")] private static partial Regex LessonName();
    [GeneratedRegex(@"\s+")] private static partial Regex Spaces();

    private sealed class CourseFrontMatter
    {
        public string? Title { get; set; }
        public string? Summary { get; set; }
        public string? Audience { get; set; }
        public decimal? EstimatedHours { get; set; }
        public string? Language { get; set; }
        public List<string>? Authors { get; set; }
        public int? PassingScore { get; set; }
        public int? Version { get; set; }
        public int? MaxAttempts { get; set; }
        public int? WaitMinutes { get; set; }
        public bool? RequiresDiscussion { get; set; }
    }

    private sealed class LessonFrontMatter
    {
        public string? Title { get; set; }
        public QuizFrontMatter? Quiz { get; set; }
    }

    private sealed class QuizFrontMatter
    {
        public int? PassingScore { get; set; }
        public int? Draw { get; set; }
        public bool? Shuffle { get; set; }
        public List<QuestionFrontMatter>? Questions { get; set; }
    }

    private sealed class QuestionFrontMatter
    {
        public string? Id { get; set; }
        public string? Type { get; set; }
        public string? Text { get; set; }
        public List<string>? Options { get; set; }
        public List<int>? Correct { get; set; }
        public bool? Answer { get; set; }
        public List<string>? Accepted { get; set; }
        public string? Explanation { get; set; }
    }
}
