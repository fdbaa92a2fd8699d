using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace KnowledgeHub.Infrastructure.Search.Analysis;

/// <summary>
/// One stemmer: its filters, built over the stream given, and the mark put before its stems (null: unmarked). Stemmers
/// look at one word at a time, so each keeps what it made of the words it saw, shared by every thread: words follow a
/// Zipf curve, and a look-up costs a fraction of running Porter again (a third of the text's analysis time).
/// </summary>
public sealed record Stemmer(Func<TokenStream, TokenStream> Filters, string? Mark)
{
    private const int MaxRemembered = 200_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> remembered = new(StringComparer.Ordinal);

    /// <summary>What this stemmer made of <paramref name="word"/> before: its stem, or null when it left the word as it was.</summary>
    internal bool TryRecall(ReadOnlySpan<char> word, out string? stem) =>
        remembered.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out stem);

    internal void Remember(ReadOnlySpan<char> word, string? stem)
    {
        if (remembered.Count < MaxRemembered) remembered.TryAdd(word.ToString(), stem);
    }
}

/// <summary>
/// Adds each stemmer's form of a word at the word's own position, so one field answers both exact and inflected searches.
/// A marked stemmer's forms start with its mark (a language's stems never collide with a word written that way in another
/// language). It does what KeywordRepeatFilter plus RemoveDuplicatesTokenFilter do, at a third of their cost: instead of
/// capturing and restoring every token's attributes, it runs each stemmer over a private one-token stream.
/// </summary>
/// <remarks>
/// Indexing (<c>query: false</c>): the word, then each form that differs from it. Querying (<c>query: true</c>): an unmarked
/// stem replaces the word (every indexed word carries its unmarked stem, so the stem alone finds them all), and a marked
/// stemmer's form is always added, even when it equals the word, since a document holds the marked form only for words it changed.
/// </remarks>
public sealed class StemAlongsideFilter : TokenFilter
{
    private readonly ICharTermAttribute term;
    private readonly IPositionIncrementAttribute position;
    private readonly bool query;
    private readonly (Stemmer Stemmer, OneToken Input, TokenStream Output, ICharTermAttribute Term)[] stemmers;
    // Forms waiting to be emitted at the current position, in reused buffers: indexing allocates nothing per word.
    private char[][] pending = [new char[32], new char[32]];
    private readonly int[] pendingLength = new int[8];
    private int count, next;
    private char[] replacement = new char[32];

    public StemAlongsideFilter(TokenStream input, IReadOnlyList<Stemmer> stemmers, bool query = false) : base(input)
    {
        term = AddAttribute<ICharTermAttribute>();
        position = AddAttribute<IPositionIncrementAttribute>();
        this.query = query;
        this.stemmers = [.. stemmers.Select(s =>
        {
            var one = new OneToken();
            var output = s.Filters(one);
            return (s, one, output, output.AddAttribute<ICharTermAttribute>());
        })];
    }

    public override bool IncrementToken()
    {
        if (next < count)
        {
            term.CopyBuffer(pending[next], 0, pendingLength[next]);
            next++;
            position.PositionIncrement = 0; // offsets and type stay those of the word itself
            return true;
        }
        count = next = 0;
        if (!m_input.IncrementToken()) return false;
        var word = term.Buffer.AsSpan(0, term.Length);
        var replacementLength = -1;
        foreach (var (stemmer, input, output, stemmed) in stemmers)
        {
            if (!stemmer.TryRecall(word, out var known))
            {
                input.Set(term.Buffer, term.Length);
                output.Reset();
                known = output.IncrementToken() && stemmed.Length > 0 && !stemmed.Buffer.AsSpan(0, stemmed.Length).SequenceEqual(word)
                    ? stemmed.ToString() : null;
                stemmer.Remember(word, known);
            }
            var same = known is null;
            var stem = same ? word : known.AsSpan();
            var mark = stemmer.Mark;
            if (mark is null)
            {
                if (same) continue;
                if (query) replacementLength = Copy(ref replacement, "", stem);
                else Add("", stem);
            }
            else if (!same || query) Add(mark, stem);
        }
        if (replacementLength >= 0) term.CopyBuffer(replacement, 0, replacementLength);
        return true;
    }

    private void Add(string mark, ReadOnlySpan<char> stem)
    {
        if (count == pendingLength.Length) return; // never more forms than stemmers; a guard, not a limit
        if (count == pending.Length) Array.Resize(ref pending, count * 2);
        pending[count] ??= new char[32];
        var length = Copy(ref pending[count], mark, stem);
        for (var i = 0; i < count; i++)
            if (pendingLength[i] == length && pending[i].AsSpan(0, length).SequenceEqual(pending[count].AsSpan(0, length))) return;
        pendingLength[count++] = length;
    }

    private static int Copy(ref char[] into, string mark, ReadOnlySpan<char> stem)
    {
        var length = mark.Length + stem.Length;
        if (into.Length < length) into = new char[length];
        mark.AsSpan().CopyTo(into);
        stem.CopyTo(into.AsSpan(mark.Length));
        return length;
    }

    public override void Reset()
    {
        base.Reset();
        count = next = 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) foreach (var s in stemmers) s.Output.Dispose();
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
