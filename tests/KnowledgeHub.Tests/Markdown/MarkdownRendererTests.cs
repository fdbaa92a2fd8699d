using KnowledgeHub.Infrastructure.Markdown;

namespace KnowledgeHub.Tests.Markdown;

public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer renderer = new();

    // Each input, and a CSS selector that must match nothing in the rendered HTML.
    [Theory]
    [InlineData("<script>alert(1)</script>", "script")]
    [InlineData("[click](javascript:alert(1))", "[href*='javascript' i]")]
    [InlineData("<javascript:alert(1)>", "[href*='javascript' i]")]
    [InlineData("[click](JaVaScRiPt:alert(1))", "[href*='javascript' i]")]
    [InlineData("<img src=x onerror=alert(1)>", "[onerror], img")]
    [InlineData("<form action=https://evil.example><input name=password></form>", "form, input")]
    [InlineData("<a href=\"https://x.example\" style=\"position:fixed;top:0\">x</a>", "[style]")]
    [InlineData("<a id=\"getElementById\" name=\"x\" href=\"https://x.example\">x</a>", "[id], [name]")]
    [InlineData("![x](data:image/svg+xml;base64,PHN2Zz4=)", "img[src^='data' i]")]
    [InlineData("[x](https://example.org){onclick=alert(1)}", "[onclick]")]
    public void Hostile_markup_never_survives_rendering(string markdown, string forbidden)
    {
        var html = renderer.Render(markdown);
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<body>{html}</body>");
        Assert.Empty(document.Body!.QuerySelectorAll(forbidden));
    }

    [Fact]
    public void Links_get_nofollow_ugc_noopener_and_ordinary_markdown_works()
    {
        var html = renderer.Render("**Bold** and [a link](https://example.org) and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        Assert.Contains("<strong>Bold</strong>", html);
        Assert.Contains("rel=\"nofollow ugc noopener\"", html);
        Assert.Contains("<table>", html);
    }

    [Fact]
    public void Too_deep_or_too_long_input_is_refused_with_a_clear_exception()
    {
        Assert.Throws<MarkdownTooComplexException>(() => renderer.Render(new string('x', MarkdownRenderer.MaxInputLength + 1)));
        Assert.Throws<MarkdownTooComplexException>(() => renderer.Render(new string('>', 5000) + " deep"));
        Assert.Throws<MarkdownTooComplexException>(() => renderer.Render(string.Concat(Enumerable.Repeat("[a](", 8000))));
        Assert.Contains("<a", renderer.Render(string.Concat(Enumerable.Repeat("[a](https://example.org) ", 500)))); // many real links are fine
    }
}
