using Ganss.Xss;
using Markdig;

namespace KnowledgeHub.Infrastructure.Markdown;

public sealed class MarkdownTooComplexException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The one way user or authored Markdown becomes HTML: Markdig (raw HTML and attribute extensions off), then a
/// sanitizer tighter than HtmlSanitizer's defaults. Render once when text is written; store and serve the HTML.
/// </summary>
public sealed class MarkdownRenderer
{
    public const int MaxInputLength = 100_000;
    /// <summary>Markdig's link parsing grows quadratically with unmatched "[" (32,000 characters of "[a](" took over a second). No real post has this many.</summary>
    public const int MaxBrackets = 2_000;

    private readonly MarkdownPipeline pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseListExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .Build();

    private readonly HtmlSanitizer sanitizer = CreateSanitizer();

    public string Render(string markdown)
    {
        if (markdown.Length > MaxInputLength) throw new MarkdownTooComplexException($"The text is longer than {MaxInputLength} characters.");
        if (markdown.AsSpan().Count('[') > MaxBrackets) throw new MarkdownTooComplexException($"The text has more than {MaxBrackets} '[' characters.");
        string html;
        try { html = Markdig.Markdown.ToHtml(markdown, pipeline); }
        catch (ArgumentException e) { throw new MarkdownTooComplexException("The text is nested too deeply to display.", e); }
        return sanitizer.Sanitize(html);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var s = new HtmlSanitizer();
        // No forms or controls (phishing inside a post), no inline styles (overlays, url() fetches),
        // no id/name (DOM clobbering), no target (tabnabbing).
        foreach (var tag in new[] { "form", "input", "button", "textarea", "select", "option", "optgroup", "fieldset", "legend", "label", "style" })
            s.AllowedTags.Remove(tag);
        foreach (var attribute in new[] { "style", "id", "name", "target", "class", "form", "formaction" })
            s.AllowedAttributes.Remove(attribute);
        s.AllowedCssProperties.Clear();
        s.AllowedAtRules.Clear();
        s.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" }) s.AllowedSchemes.Add(scheme);
        s.AllowDataAttributes = false;
        s.PostProcessNode += (_, e) =>
        {
            if (e.Node is not AngleSharp.Dom.IElement element) return;
            if (element.LocalName == "a") element.SetAttribute("rel", "nofollow ugc noopener");
            // Images only from http(s): no mailto: or relative tricks inside src.
            if (element.LocalName == "img" && element.GetAttribute("src") is { } src
                && !src.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !src.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                element.Remove();
        };
        return s;
    }
}
