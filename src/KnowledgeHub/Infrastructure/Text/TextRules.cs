using System.Text;

namespace KnowledgeHub.Infrastructure.Text;

/// <summary>Checks for text people type: what PostgreSQL jsonb rejects (NUL, lone surrogates) and invisible control characters.</summary>
public static class TextRules
{
    public static bool HasForbiddenCharacters(string? value, bool allowLineBreaks = false)
    {
        if (string.IsNullOrEmpty(value)) return false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])) return true;
                i++;
                continue;
            }
            if (char.IsLowSurrogate(c)) return true;
            if (allowLineBreaks && (c == '\n' || c == '\r' || c == '\t')) continue;
            if (char.IsControl(c)) return true;
            if (c is '\uFFFE' or '\uFFFF' or '\u2028' or '\u2029') return true;
            // Bidi embeddings, overrides and isolates can disguise text (a name that reads backwards); plain RLM/LRM marks are fine.
            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069') return true;
        }
        return false;
    }

    /// <summary>Trims and normalises to NFC so "the same" text compares equal.</summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return "";
        var trimmed = value.Trim();
        try { return trimmed.Normalize(NormalizationForm.FormC); }
        catch (ArgumentException) { return trimmed; } // invalid UTF-16: HasForbiddenCharacters reports it
    }

    /// <summary>Length as a person counts it (text elements), so Bangla or emoji are not penalised.</summary>
    public static int VisibleLength(string value) => new System.Globalization.StringInfo(value).LengthInTextElements;

    /// <summary>At most <paramref name="max"/> text elements, never cutting one apart (a surrogate pair that jsonb would refuse, a combining mark).</summary>
    public static string Cut(string value, int max)
    {
        if (value.Length <= max) return value; // fewer UTF-16 units than max: fewer elements too
        var elements = new System.Globalization.StringInfo(value);
        return elements.LengthInTextElements <= max ? value : elements.SubstringByTextElements(0, max);
    }
}
