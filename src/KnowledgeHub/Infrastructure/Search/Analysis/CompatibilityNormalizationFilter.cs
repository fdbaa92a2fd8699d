using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace KnowledgeHub.Infrastructure.Search.Analysis;

/// <summary>
/// Normalises each term to Unicode NFKC, so text that looks the same matches whichever way it was encoded: Vietnamese
/// typed decomposed (macOS) against precomposed, Devanagari and Bengali nukta or two-part vowel forms, Arabic
/// presentation forms pasted from PDFs, ligatures, full-width letters, compatibility ideographs. ICU's normaliser is not
/// available for this Lucene.Net, so this uses .NET's. Offsets are untouched (they still cover the whole original token).
/// </summary>
public sealed class CompatibilityNormalizationFilter : TokenFilter
{
    private readonly ICharTermAttribute term;

    public CompatibilityNormalizationFilter(TokenStream input) : base(input) => term = AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken()) return false;
        var chars = term.Buffer.AsSpan(0, term.Length);
        if (!chars.ContainsAnyExceptInRange('\0', '\u009F')) return true; // ASCII (and C0/C1) is always NFKC: skip the allocation
        var text = chars.ToString();
        try
        {
            if (!text.IsNormalized(NormalizationForm.FormKC)) term.SetEmpty().Append(text.Normalize(NormalizationForm.FormKC));
        }
        catch (ArgumentException)
        {
            // Invalid UTF-16 (a lone surrogate) cannot be normalised; index it as it is rather than lose the document.
        }
        return true;
    }
}
