using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace KnowledgeHub.Infrastructure.Search.Analysis;

/// <summary>
/// Folds the Arabic-script differences that do not change an Urdu word: optional vowel marks (zabar, zer, pesh, tanwin,
/// shadda, sukun, khari zabar) and tatweel are dropped, and the Arabic-keyboard letters people type for Urdu ones
/// become the Urdu letters (ي and ى to ی, ك to ک). Lucene's ArabicNormalizationFilter is not used: it folds آ into ا
/// (a separate letter in Urdu), turns ى into Arabic ي (away from Urdu ی) and leaves ك alone. Urdu letters (ٹ ڈ ڑ ں ھ ہ ے ۂ)
/// pass unchanged; ہ and ھ are never merged because they tell apart words such as کہا (said) and کھا (eat). Runs after lower-casing.
/// </summary>
public sealed class UrduSafeArabicFoldingFilter : TokenFilter
{
    private readonly ICharTermAttribute term;

    public UrduSafeArabicFoldingFilter(TokenStream input) : base(input) => term = AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken()) return false;
        var buffer = term.Buffer;
        var length = term.Length;
        if (!buffer.AsSpan(0, length).ContainsAnyInRange('\u0640', '\u0670')) return true; // nothing this filter touches
        var kept = 0;
        for (var i = 0; i < length; i++)
        {
            var c = buffer[i];
            switch (c)
            {
                case '\u0640' or (>= '\u064B' and <= '\u0652') or '\u0670': continue; // tatweel, harakat, superscript alef
                case '\u064A' or '\u0649': buffer[kept++] = '\u06CC'; break; // Arabic yeh, alef maksura -> Farsi/Urdu yeh
                case '\u0643': buffer[kept++] = '\u06A9'; break; // Arabic kaf -> keheh
                default: buffer[kept++] = c; break;
            }
        }
        term.Length = kept; // an all-mark token becomes empty and is dropped by the length filter at the end of the chain
        return true;
    }
}
