using KnowledgeHub.Features.Forum;
using KnowledgeHub.Infrastructure.Text;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Mentoring;

/// <summary>Checks for what people type in mentoring forms; each answer is the cleaned text or the message for its field.</summary>
public sealed class MentoringText(IStringLocalizer<SharedResource> L)
{
    public (string Text, string? Error) Line(string? value, int max, bool required) => Check(value, max, required, multiline: false);

    public (string Text, string? Error) Paragraphs(string? value, int max, bool required) => Check(value, max, required, multiline: true);

    public (string Tag, string? Error) Language(string? tag) =>
        PostText.ContentLanguages.Any(l => l.Tag == tag) ? (tag!, null) : ("en", L["Choose a language from the list."]);

    /// <summary>Comma-separated words or short phrases (expertise areas), at most <paramref name="most"/> of them.</summary>
    public (List<string> Items, string? Error) List(string? value, int most)
    {
        if (TextRules.HasForbiddenCharacters(value)) return ([], L["This contains invisible or invalid characters. Please retype it."]);
        var items = (value ?? "").Split([',', '،', '、', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(TextRules.Clean).Where(i => i.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (items.Count > most) return (items, L["Use at most {0} items.", most]);
        if (items.Any(i => TextRules.VisibleLength(i) > 40)) return (items, L["Keep each item under {0} characters.", 40]);
        return (items, null);
    }

    private (string, string?) Check(string? value, int max, bool required, bool multiline)
    {
        if (TextRules.HasForbiddenCharacters(value, allowLineBreaks: multiline)) return ("", L["This contains invisible or invalid characters. Please retype it."]);
        var clean = TextRules.Clean(value);
        if (required && clean.Length == 0) return ("", L["Please fill this in."]);
        if (TextRules.VisibleLength(clean) > max) return (clean, L["Keep this under {0} characters (now {1}).", max, TextRules.VisibleLength(clean)]);
        return (clean, null);
    }
}
