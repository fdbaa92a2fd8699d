using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace KnowledgeHub.Infrastructure.Search.Analysis;

/// <summary>
/// Folds ё into е for the Russian field. Most Russian text writes ё as е ("ребенок" for "ребёнок"), and this Lucene's
/// Snowball Russian stemmer treats them as different letters, so without the fold a search for the everyday spelling misses
/// text that uses ё. Runs after lower-casing.
/// </summary>
public sealed class RussianYoFoldingFilter : TokenFilter
{
    private readonly ICharTermAttribute term;

    public RussianYoFoldingFilter(TokenStream input) : base(input) => term = AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken()) return false;
        term.Buffer.AsSpan(0, term.Length).Replace('ё', 'е');
        return true;
    }
}
