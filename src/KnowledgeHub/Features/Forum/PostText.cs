using System.Text.RegularExpressions;
using KnowledgeHub.Infrastructure.Markdown;
using KnowledgeHub.Infrastructure.Text;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Forum;

/// <summary>Checks and renders what people write in posts, titles and tags; every message goes beside its field.</summary>
public sealed partial class PostText(MarkdownRenderer renderer, Microsoft.Extensions.Options.IOptions<ForumOptions> options, IStringLocalizer<SharedResource> L)
{
    /// <summary>
    /// The languages content can be written in (BCP 47 tag, endonym): those of the networks we serve. Not the interface
    /// languages; a member may read the site in English and write in Khmer.
    /// </summary>
    public static readonly IReadOnlyList<(string Tag, string Name)> ContentLanguages =
    [
        ("en", "English"), ("bn", "বাংলা"), ("bo", "བོད་ཡིག"), ("dz", "རྫོང་ཁ"), ("hi", "हिन्दी"), ("id", "Bahasa Indonesia"),
        ("km", "ខ្មែរ"), ("ko", "한국어"), ("ja", "日本語"), ("lo", "ລາວ"), ("mn", "Монгол"), ("ms", "Bahasa Melayu"),
        ("my", "မြန်မာ"), ("ne", "नेपाली"), ("ru", "Русский"), ("si", "සිංහල"), ("ta", "தமிழ்"), ("th", "ไทย"),
        ("tl", "Filipino"), ("ur", "اردو"), ("vi", "Tiếng Việt"), ("zh", "中文"), ("fr", "Français"), ("tet", "Tetun"), ("tpi", "Tok Pisin"),
    ];

    /// <summary>A known content language tag, or the reader's interface language when none (or an unknown one) is given.</summary>
    public static string Language(string? tag)
    {
        var wanted = string.IsNullOrWhiteSpace(tag) ? System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName : tag.Trim();
        return ContentLanguages.FirstOrDefault(l => string.Equals(l.Tag, wanted, StringComparison.OrdinalIgnoreCase)).Tag ?? "en";
    }

    private ForumOptions O => options.Value;

    /// <summary>The rendered, sanitized HTML, or the reason the text cannot be posted (the text itself is never lost).</summary>
    public (string? Html, string? Error) Render(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return (null, L["Write something first."]);
        if (markdown.Length > O.MaxPostLength) return (null, L["Posts can be up to {0} characters; this one has {1}. Shorten it or split it in two.", O.MaxPostLength, markdown.Length]);
        if (TextRules.HasForbiddenCharacters(markdown, allowLineBreaks: true))
            return (null, L["The text contains invisible or invalid characters (for example from a copy and paste). Remove them and post again."]);
        var (html, error) = RenderChecked(markdown);
        return error is null ? (html, null) : (null, error);
    }

    /// <summary>Renders text whose length and characters the caller already checked: the HTML ("" for no text), or why it cannot be shown.</summary>
    public (string Html, string? Error) RenderChecked(string markdown)
    {
        if (markdown.Length == 0) return ("", null);
        try { return (renderer.Render(markdown), null); }
        catch (MarkdownTooComplexException) { return ("", L["The text is too complex to display (deeply nested quotes or lists, or thousands of brackets). Simplify it and post again."]); }
    }

    public (string? Title, string? Error) Title(string? title)
    {
        if (TextRules.HasForbiddenCharacters(title)) return (null, L["This contains invisible or invalid characters. Please retype it."]);
        var clean = TextRules.Clean(title);
        if (clean.Length < 5) return (null, L["Give the thread a title of at least 5 characters."]);
        if (TextRules.VisibleLength(clean) > O.MaxTitleLength) return (null, L["Keep this under {0} characters (now {1}).", O.MaxTitleLength, TextRules.VisibleLength(clean)]);
        return (clean, null);
    }

    public (List<string> Tags, string? Error) Tags(string? text)
    {
        if (TextRules.HasForbiddenCharacters(text)) return ([], L["This contains invisible or invalid characters. Please retype it."]);
        var tags = (text ?? "").Split([',', '،', '、', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.ToLowerInvariant().TrimStart('#')).Where(t => t.Length > 0).Distinct().ToList();
        if (tags.Count > O.MaxTags) return (tags, L["Use at most {0} tags.", O.MaxTags]);
        if (tags.Any(t => t.Length > O.MaxTagLength || !TagPattern().IsMatch(t)))
            return (tags, L["Tags are single words of letters, digits and hyphens, up to {0} characters.", O.MaxTagLength]);
        return (tags, null);
    }

    /// <summary>The quoted form of a post for a reply: "> " before each line, with who wrote it.</summary>
    public static string Quote(Post post) =>
        $"> **{post.AuthorName}** (#{post.Number}):\n" + string.Join('\n', post.Markdown.Split('\n').Take(40).Select(l => "> " + l)) + "\n\n";

    [GeneratedRegex(@"^[\p{L}\p{M}\p{Nd}][\p{L}\p{M}\p{Nd}-]*$")]
    private static partial Regex TagPattern();
}
