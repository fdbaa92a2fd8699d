using System.Net;
using System.Text.RegularExpressions;

namespace KnowledgeHub.Infrastructure.Text;

public static partial class HtmlText
{
    /// <summary>The words of sanitized HTML: tags become spaces (so paragraphs don't run together), entities decoded.</summary>
    public static string Plain(string html) => Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    [GeneratedRegex("<[^>]*>")] private static partial Regex Tags();
    [GeneratedRegex(@"\s+")] private static partial Regex Whitespace();
}
