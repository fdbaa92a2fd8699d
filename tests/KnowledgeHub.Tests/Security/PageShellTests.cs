using System.Text.Encodings.Web;
using System.Text;
using KnowledgeHub.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace KnowledgeHub.Tests.Security;

/// <summary>The template a member's page is shared through: per-member values and the form token are cut out, never kept.</summary>
public sealed class PageShellTests
{
    [Fact]
    public async Task A_template_keeps_no_per_member_value_or_token_and_fills_each_request_with_its_own()
    {
        var first = new PageShell(HtmlEncoder.Default);
        first.Set("count", "<b>3</b>");
        first.Share("key", "TOKEN-OF-ASHA", Guid.NewGuid());
        first.Activate();
        // What a page writes: a hole as markup, a hole inside text the page encoded itself, and the request's token twice.
        var html = $"<p>{first.Hole("count")}</p><textarea>{System.Net.WebUtility.HtmlEncode(first.TextHole("body", "Asha's draft"))}</textarea>" +
            "<input value=\"TOKEN-OF-ASHA\"><input value=\"TOKEN-OF-ASHA\">";
        var template = ShellTemplate.Parse(html, first);
        Assert.False(template.Contains("TOKEN-OF-ASHA"));
        Assert.False(template.Contains("Asha's draft"));
        Assert.False(template.Contains("<b>3</b>"));

        var second = new PageShell(HtmlEncoder.Default);
        second.Set("count", "<b>0</b>");
        second.Set("body", "Rafiq &amp; co");
        second.Share("key", "TOKEN-OF-RAFIQ", Guid.NewGuid());
        Assert.True(template.CanFill(second));
        Assert.Equal("<p><b>0</b></p><textarea>Rafiq &amp; co</textarea><input value=\"TOKEN-OF-RAFIQ\"><input value=\"TOKEN-OF-RAFIQ\">", await WriteAsync(template, second));

        var third = new PageShell(HtmlEncoder.Default); // a request that could not give every value is not answered from the template
        third.Set("count", "<b>1</b>");
        Assert.False(template.CanFill(third));
    }

    [Fact]
    public void Text_that_merely_looks_like_a_marker_is_left_alone()
    {
        var shell = new PageShell(HtmlEncoder.Default);
        shell.Set("count", "1");
        shell.Activate();
        var lookalike = "\u0001kh0:count\u0001 &#x1;kh:count&#x1;"; // without this process's nonce
        var template = ShellTemplate.Parse(lookalike, shell);
        Assert.True(template.Contains(lookalike));
    }

    private static async Task<string> WriteAsync(ShellTemplate template, PageShell shell)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await template.WriteAsync(context.Response, shell, CancellationToken.None);
        Assert.Equal(body.Length, context.Response.ContentLength);
        return Encoding.UTF8.GetString(body.ToArray());
    }
}
