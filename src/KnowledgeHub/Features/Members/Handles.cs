using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Marten;

namespace KnowledgeHub.Features.Members;

/// <summary>@handles for mentions: made from the member's name in its own script, unique across the network.</summary>
public static partial class Handles
{
    public const int MaxLength = 30;

    /// <summary>Finds @handle mentions in text, ignoring email addresses.</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{M}\p{Nd}_.@])@([\p{L}\p{M}\p{Nd}_][\p{L}\p{M}\p{Nd}_.]{1,29})")]
    public static partial Regex Mention();

    public static IReadOnlyList<string> MentionedIn(string text) =>
        Mention().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('.').ToLowerInvariant()).Distinct().Take(20).ToList();

    public static string FromName(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormC).ToLowerInvariant())
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (char.IsLetterOrDigit(c) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark) builder.Append(c);
            else if ((char.IsWhiteSpace(c) || c is '.' or '-' or '_') && builder.Length > 0 && builder[^1] != '.') builder.Append('.');
        }
        var handle = builder.ToString().Trim('.');
        if (handle.Length > MaxLength - 4) handle = handle[..(MaxLength - 4)].TrimEnd('.');
        return handle.Length >= 2 ? handle : "member";
    }

    /// <summary>The handle for a new member: the name's own form, or with a number when that is taken.</summary>
    public static async Task<string> NewAsync(IQuerySession session, string name, CancellationToken ct)
    {
        var basis = FromName(name);
        var taken = (await session.Query<Member>().Where(m => m.Handle.StartsWith(basis)).Select(m => m.Handle).ToListAsync(ct)).ToHashSet();
        if (!taken.Contains(basis)) return basis;
        for (var i = 2; i < 10_000; i++)
            if (!taken.Contains($"{basis}{i}")) return $"{basis}{i}";
        return $"{basis}{Random.Shared.Next(10_000, 99_999)}";
    }
}
