using System.Globalization;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;

namespace KnowledgeHub.Infrastructure.Search.Analysis;

/// <summary>
/// Splits the runs StandardTokenizer leaves whole for scripts written without spaces between words (Thai, Lao, Khmer,
/// Myanmar: type <c>&lt;SOUTHEAST_ASIAN&gt;</c>) into overlapping bigrams of grapheme clusters, one position apart, so a
/// word inside a run is found as a phrase of its bigrams. Clusters come from <see cref="StringInfo"/>, and a cluster that
/// starts with a combining mark joins the one before: UAX #29 leaves a few vowel signs (Myanmar ါ ာ, visarga း) as
/// clusters of their own, and a bigram must never cut a vowel sign off its consonant. Offsets point into the original
/// text so a highlighter marks exactly the matched characters; a run of one cluster passes through unchanged.
/// Must sit directly after the tokenizer: the term text has to be the original text for the offsets to be exact.
/// </summary>
public sealed class SoutheastAsianBigramFilter : TokenFilter
{
    public const string BigramType = "<SOUTHEAST_ASIAN_BIGRAM>";
    private static readonly string RunType = StandardTokenizer.TOKEN_TYPES[StandardTokenizer.SOUTHEAST_ASIAN];

    private readonly ICharTermAttribute term;
    private readonly IOffsetAttribute offset;
    private readonly IPositionIncrementAttribute position;
    private readonly ITypeAttribute type;

    private readonly List<int> clusterStarts = []; // start of each cluster in the run, then the run's length
    private char[] run = new char[64];
    private State? runState; // the run's attributes (flags, payload, keyword...), restored for every bigram
    private int runStartOffset;
    private bool exactOffsets;
    private int nextCluster;

    public SoutheastAsianBigramFilter(TokenStream input) : base(input)
    {
        term = AddAttribute<ICharTermAttribute>();
        offset = AddAttribute<IOffsetAttribute>();
        position = AddAttribute<IPositionIncrementAttribute>();
        type = AddAttribute<ITypeAttribute>();
    }

    public override bool IncrementToken()
    {
        if (runState is not null)
        {
            RestoreState(runState);
            position.PositionIncrement = 1;
            EmitNextBigram();
            return true;
        }
        if (!m_input.IncrementToken()) return false;
        if (type.Type != RunType) return true;

        var length = term.Length;
        if (run.Length < length) run = new char[Math.Max(length, run.Length * 2)];
        Array.Copy(term.Buffer, run, length);
        FindClusters(run.AsSpan(0, length));
        if (clusterStarts.Count <= 2) return true; // a single cluster is its own token

        runStartOffset = offset.StartOffset;
        // Offsets are only exact when the term is the untouched original slice; otherwise every bigram keeps the run's.
        exactOffsets = offset.EndOffset - offset.StartOffset == length;
        nextCluster = 0;
        runState = CaptureState(); // the first bigram keeps the run's own position increment
        EmitNextBigram();
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        runState = null;
    }

    private void EmitNextBigram()
    {
        var from = clusterStarts[nextCluster];
        var to = clusterStarts[nextCluster + 2];
        term.CopyBuffer(run, from, to - from);
        if (exactOffsets) offset.SetOffset(runStartOffset + from, runStartOffset + to);
        type.Type = BigramType;
        nextCluster++;
        if (nextCluster + 2 >= clusterStarts.Count) runState = null; // that was the run's last bigram
    }

    private void FindClusters(ReadOnlySpan<char> text)
    {
        clusterStarts.Clear();
        for (var i = 0; i < text.Length; i += StringInfo.GetNextTextElementLength(text[i..]))
        {
            if (i == 0 || !StartsWithCombiningMark(text[i..])) clusterStarts.Add(i);
        }
        clusterStarts.Add(text.Length);
    }

    private static bool StartsWithCombiningMark(ReadOnlySpan<char> text)
    {
        Rune.DecodeFromUtf16(text, out var rune, out _);
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
    }
}
