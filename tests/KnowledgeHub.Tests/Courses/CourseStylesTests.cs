using System.Text.RegularExpressions;
using KnowledgeHub.Tests.Localization;

namespace KnowledgeHub.Tests.Courses;

/// <summary>The course, quiz and certificate pages use only classes the stylesheet styles.</summary>
public sealed partial class CourseStylesTests
{
    [Fact]
    public void Every_class_on_the_course_quiz_and_certificate_pages_has_a_style()
    {
        var root = LanguageTests.RepositoryRoot();
        var css = File.ReadAllText(Path.Combine(root, "src/KnowledgeHub/wwwroot/css/site.css"));
        var styled = CssClass().Matches(css).Select(m => m.Groups[1].Value).ToHashSet();
        var pages = new[] { "Features/Courses", "Features/Certificates" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, "src/KnowledgeHub", folder), "*.cshtml"));
        var unstyled = new List<string>();
        foreach (var page in pages)
            foreach (Match attribute in ClassAttribute().Matches(File.ReadAllText(page)))
                // Plain names, and the names a Razor expression chooses between ("passed" : "failed").
                foreach (var name in attribute.Groups[1].Value.Split(' ').Where(n => PlainName().IsMatch(n))
                             .Concat(QuotedName().Matches(attribute.Groups[1].Value).Select(m => m.Groups[1].Value)))
                    if (!styled.Contains(name)) unstyled.Add($"{Path.GetFileName(page)}: .{name}");
        Assert.Empty(unstyled.Distinct());
    }

    [GeneratedRegex(@"\.([a-z][a-z0-9-]*)")] private static partial Regex CssClass();
    [GeneratedRegex(@"class=""((?:@\([^)]*\)|[^""])*)""")] private static partial Regex ClassAttribute();
    [GeneratedRegex(@"^[a-z][a-z0-9-]*$")] private static partial Regex PlainName();
    [GeneratedRegex(@"""([a-z][a-z0-9-]*)""")] private static partial Regex QuotedName();
}
