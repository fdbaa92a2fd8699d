using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// Lucene's <see cref="DefaultSimilarity"/> (TF-IDF) with the same arithmetic in the same order, so every score is the same
/// float, but a cheaper score per matching document: Lucene's scorer makes four virtual calls per document (tf, the norm
/// through the codec's reader and its packed ints, the norm's decoding), a large part of a common word's query. Here the
/// tf of small whole frequencies and the decoded norms are tables, and a segment's norms are read once into a byte per
/// document (per segment core, which never changes). Only queries use it; documents are indexed with the default.
/// </summary>
public sealed class SearchSimilarity : Similarity
{
    public static SearchSimilarity Instance { get; } = new();

    private static readonly DefaultSimilarity Default = new();
    private static readonly float[] NormTable = [.. Enumerable.Range(0, 256).Select(b => Default.DecodeNormValue(b))];
    private static readonly float[] TfTable = [.. Enumerable.Range(0, 64).Select(f => Default.Tf(f))];
    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<string, byte[]?>> Norms = new();

    private SearchSimilarity() { }

    /// <summary>A new searcher over <paramref name="reader"/> that scores with this similarity.</summary>
    public static IndexSearcher Searcher(IndexReader reader) => new(reader) { Similarity = Instance };

    public override float Coord(int overlap, int maxOverlap) => Default.Coord(overlap, maxOverlap);

    public override float QueryNorm(float valueForNormalization) => Default.QueryNorm(valueForNormalization);

    public override long ComputeNorm(FieldInvertState state) => Default.ComputeNorm(state);

    public override SimWeight ComputeWeight(float queryBoost, CollectionStatistics collectionStats, params TermStatistics[] termStats) =>
        new Stats(collectionStats.Field, termStats.Length == 1 ? Default.IdfExplain(collectionStats, termStats[0]) : Default.IdfExplain(collectionStats, termStats), queryBoost);

    public override SimScorer GetSimScorer(SimWeight weight, AtomicReaderContext context)
    {
        var stats = (Stats)weight;
        return new Scorer(stats, SegmentNorms(context.AtomicReader, stats.Field));
    }

    /// <summary>The segment's norms of <paramref name="field"/>, one byte per document; null when the field has none.</summary>
    internal static byte[]? SegmentNorms(AtomicReader reader, string field) =>
        Norms.GetValue(reader.CoreCacheKey, _ => new ConcurrentDictionary<string, byte[]?>(StringComparer.Ordinal)).GetOrAdd(field, f =>
        {
            if (reader.GetNormValues(f) is not { } values) return null;
            var bytes = new byte[reader.MaxDoc];
            for (var doc = 0; doc < bytes.Length; doc++) bytes[doc] = (byte)values.Get(doc); // DecodeNormValue reads the low byte
            return bytes;
        });

    /// <summary>Reads the norms of the fields queries score on when a searcher opens, as the facet ordinals are.</summary>
    public static void Warm(AtomicReader reader)
    {
        foreach (var field in SearchAnalysis.QueryFields) SegmentNorms(reader, field);
    }

    /// <summary>The weight of a term's match (idf² × boosts × query norm) once <paramref name="weight"/> (made by this similarity) is normalized.</summary>
    internal static float WeightValue(SimWeight weight) => ((Stats)weight).Value;

    /// <summary>
    /// The score of a match with <paramref name="freq"/> occurrences in <paramref name="doc"/>: what a TermScorer over this
    /// similarity answers, for scorers that read the postings themselves (<see cref="TermScoring"/>).
    /// </summary>
    internal static float Score(float weightValue, byte[]? norms, int doc, float freq)
    {
        var whole = (int)freq;
        var raw = (whole == freq && (uint)whole < (uint)TfTable.Length ? TfTable[whole] : Default.Tf(freq)) * weightValue;
        return norms is null ? raw : raw * NormTable[norms[doc]];
    }

    /// <summary>TFIDFSimilarity's IDFStats, the same operations in the same order.</summary>
    private sealed class Stats(string field, Explanation idf, float queryBoost) : SimWeight
    {
        public string Field { get; } = field;
        public Explanation Idf { get; } = idf;
        public float QueryBoost { get; } = queryBoost;
        public float QueryNorm { get; private set; }
        public float QueryWeight { get; private set; } = idf.Value * queryBoost;
        public float Value { get; private set; }

        public override float GetValueForNormalization() => QueryWeight * QueryWeight;

        public override void Normalize(float queryNorm, float topLevelBoost)
        {
            QueryNorm = queryNorm * topLevelBoost;
            QueryWeight *= QueryNorm;
            Value = QueryWeight * Idf.Value;
        }
    }

    private sealed class Scorer(Stats stats, byte[]? norms) : SimScorer
    {
        private readonly float weightValue = stats.Value;

        public override float Score(int doc, float freq) => SearchSimilarity.Score(weightValue, norms, doc, freq);

        public override float ComputeSlopFactor(int distance) => Default.SloppyFreq(distance);

        public override float ComputePayloadFactor(int doc, int start, int end, BytesRef payload) => Default.ScorePayload(doc, start, end, payload);

        public override Explanation Explain(int doc, Explanation freq)
        {
            var queryExplanation = new Explanation { Description = "queryWeight, product of:" };
            if (stats.QueryBoost != 1.0f) queryExplanation.AddDetail(new Explanation(stats.QueryBoost, "boost"));
            queryExplanation.AddDetail(stats.Idf);
            queryExplanation.AddDetail(new Explanation(stats.QueryNorm, "queryNorm"));
            queryExplanation.Value = stats.QueryBoost * stats.Idf.Value * stats.QueryNorm;
            var tf = new Explanation(Default.Tf(freq.Value), $"tf(freq={freq.Value}), with freq of:");
            tf.AddDetail(freq);
            var fieldNorm = new Explanation(norms is null ? 1.0f : NormTable[norms[doc]], $"fieldNorm(doc={doc})");
            var fieldExplanation = new Explanation { Description = $"fieldWeight in {doc}, product of:" };
            fieldExplanation.AddDetail(tf);
            fieldExplanation.AddDetail(stats.Idf);
            fieldExplanation.AddDetail(fieldNorm);
            fieldExplanation.Value = tf.Value * stats.Idf.Value * fieldNorm.Value;
            if (queryExplanation.Value == 1.0f) return fieldExplanation;
            var result = new Explanation(queryExplanation.Value * fieldExplanation.Value, $"score(doc={doc},freq={freq.Value}), product of:");
            result.AddDetail(queryExplanation);
            result.AddDetail(fieldExplanation);
            return result;
        }
    }
}
