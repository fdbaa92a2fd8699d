using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// Counts facet values (Lucene.Net.Facet is not available here) and applies the facet and date filters, in one pass over the
/// documents that match the text and visibility. A document that passes every filter is a hit and counts for every
/// facet; one that fails exactly one filter counts only for that filter's facet ("drill sideways"), so each facet shows
/// what choosing another of its values would give. Values come from the segment's <see cref="FacetOrdinals"/>: no stored fields are read.
/// Filters and the total are always exact. The counts are exact for the first <see cref="ExactCandidates"/> candidates;
/// past that, every second candidate is counted (twice), then every fourth, and so on, doubling the step after each
/// <see cref="ExactCandidates"/> counted, so a query matching most of a large index costs a few thousand lookups per facet,
/// not a million, and <see cref="Approximate"/> says the counts are estimates.
/// </summary>
public sealed class FacetCollector(BestHits hits, IReadOnlyDictionary<string, string> filters, long from = long.MinValue, long to = long.MaxValue) : ICollector
{
    private static readonly string[] Fields = [.. SearchFields.SingleFacets, SearchFields.Tags];
    private readonly Dictionary<string, Dictionary<string, int>> totals = Fields.ToDictionary(f => f, _ => new Dictionary<string, int>());
    private FacetOrdinals ordinals = null!;
    // The segment's counts in one array: facet i's ordinal o at bases[i] + 1 + o, and at bases[i] the documents without a
    // value (never reported), so counting takes no branch per facet; for each single-valued facet, where its ordinal
    // (plus one) lies in a row (FacetOrdinals.Layout).
    private int[] segmentCounts = [];
    private readonly int[] bases = new int[Fields.Length];
    private readonly int[] rowWord = new int[SearchFields.SingleFacets.Length], rowShift = new int[SearchFields.SingleFacets.Length];
    private readonly ulong[] rowMask = new ulong[SearchFields.SingleFacets.Length];
    private long[] filterOrd = [];
    private readonly bool filtered = filters.Count > 0, dated = from != long.MinValue || to != long.MaxValue;
    private readonly int[] filterFields = [.. Enumerable.Range(0, Fields.Length).Where(i => filters.ContainsKey(Fields[i]))];
    public const int ExactCandidates = 4096;
    private int seen, step = 1, countedAtStep, untilSample = 1;
    // Documents to count, counted a batch at a time (see FacetOrdinals.Read): sampled documents lie far apart, so each
    // one's ordinals are a cache miss, and counting one by one between scoring took about a fifth of a common word's query.
    private const int Batch = 256;
    private readonly int[] batchDocs = new int[Batch], batchFailed = new int[Batch], batchWeight = new int[Batch];
    private readonly int[] batchTagStart = new int[Batch], batchTagCount = new int[Batch];
    private ulong[] batchRows = [];
    private int batched;

    public int Total { get; private set; }

    /// <summary>Where every hit (a document passing every filter) goes on to.</summary>
    public BestHits Hits => hits;

    /// <summary>Whether the counts are estimates from a sample of the candidates (never the total, which is exact).</summary>
    public bool Approximate => seen > ExactCandidates;

    public bool AcceptsDocsOutOfOrder => hits.AcceptsDocsOutOfOrder;

    public void SetScorer(Scorer scorer) => hits.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        ordinals = FacetOrdinals.For(context.AtomicReader);
        if (batchRows.Length < Batch * ordinals.RowWords) batchRows = new ulong[Batch * ordinals.RowWords];
        filterOrd = new long[Fields.Length];
        var size = 0;
        for (var i = 0; i < Fields.Length; i++)
        {
            bases[i] = size;
            size += 1 + ordinals.ValueCount(i);
            if (i < SearchFields.SingleFacets.Length) (rowWord[i], rowShift[i], rowMask[i]) = ordinals.Layout(i);
            filterOrd[i] = filters.TryGetValue(Fields[i], out var wanted) ? ordinals.OrdOf(i, wanted) : long.MinValue;
        }
        segmentCounts = new int[size];
        hits.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        if (Count(doc)) hits.Collect(doc);
    }

    /// <summary>Whether scores are needed by what the hits go on to (see <see cref="Collect(int, float)"/>).</summary>
    public bool NeedsScores => hits.NeedsScores;

    /// <summary>Takes a document with its score, from a scorer that computed it itself (<see cref="TermScoring"/>).</summary>
    public void Collect(int doc, float score)
    {
        if (Count(doc)) hits.Collect(doc, score);
    }

    /// <summary>Applies the filters to <paramref name="doc"/> and counts it for the facets; true when it is a hit.</summary>
    private bool Count(int doc)
    {
        if (dated)
        {
            var date = ordinals.Date(doc);
            if (date < from || date > to) return false; // outside the dates asked for: no hit and no count
        }
        var failed = filtered ? Failed(doc) : -1;
        if (failed == TwoOrMore) return false;
        if (failed == -1) Total++;
        seen++;
        if (--untilSample > 0) return failed == -1;
        var weight = step;
        if (++countedAtStep == ExactCandidates) { step *= 2; countedAtStep = 0; }
        untilSample = step;
        (batchDocs[batched], batchFailed[batched], batchWeight[batched]) = (doc, failed, weight);
        if (++batched == Batch) CountBatch();
        return failed == -1;
    }

    private const int TwoOrMore = -2;

    /// <summary>The one facet whose filter <paramref name="doc"/> fails, -1 when it passes them all, <see cref="TwoOrMore"/> otherwise.</summary>
    private int Failed(int doc)
    {
        var failed = -1;
        foreach (var i in filterFields)
        {
            bool passes;
            // A wanted value missing from this segment (LookupTerm < 0) fails every document here, including those without
            // the field at all (GetOrd -1), which would otherwise compare equal to a "not found" of -1.
            if (filterOrd[i] < 0) passes = false;
            else if (i < SearchFields.SingleFacets.Length) passes = ordinals.Ord(i, doc) == filterOrd[i];
            else passes = ordinals.Tags(doc).Contains((int)filterOrd[i]);
            if (passes) continue;
            if (failed >= 0) return TwoOrMore;
            failed = i;
        }
        return failed;
    }

    /// <summary>Counts the batched documents, each for every facet or only for the one whose filter it fails (drill sideways).</summary>
    private void CountBatch()
    {
        var n = batched;
        batched = 0;
        if (n == 0) return;
        var words = ordinals.RowWords;
        ordinals.Read(batchDocs.AsSpan(0, n), batchRows.AsSpan(0, n * words), batchTagStart, batchTagCount);
        var t = Fields.Length - 1;
        var counts = segmentCounts;
        var rows = batchRows;
        var tags = bases[t] + 1;
        if (words == 1 && SearchFields.SingleFacets.Length == 6)
        {
            // The usual layout (every single-valued facet in one long), written out: the facets' places in locals rather than
            // six arrays read per facet and document, which made this loop the largest cost of a common word's query.
            var (b0, b1, b2, b3, b4, b5) = (bases[0], bases[1], bases[2], bases[3], bases[4], bases[5]);
            var (s0, s1, s2, s3, s4, s5) = (rowShift[0], rowShift[1], rowShift[2], rowShift[3], rowShift[4], rowShift[5]);
            var (m0, m1, m2, m3, m4, m5) = (rowMask[0], rowMask[1], rowMask[2], rowMask[3], rowMask[4], rowMask[5]);
            for (var k = 0; k < n; k++)
            {
                var (failed, weight, row) = (batchFailed[k], batchWeight[k], rows[k]);
                if (failed < 0)
                {
                    counts[b0 + (int)((row >> s0) & m0)] += weight;
                    counts[b1 + (int)((row >> s1) & m1)] += weight;
                    counts[b2 + (int)((row >> s2) & m2)] += weight;
                    counts[b3 + (int)((row >> s3) & m3)] += weight;
                    counts[b4 + (int)((row >> s4) & m4)] += weight;
                    counts[b5 + (int)((row >> s5) & m5)] += weight;
                }
                else if (failed < t) counts[bases[failed] + (int)((row >> rowShift[failed]) & rowMask[failed])] += weight;
                if (failed >= 0 && failed != t) continue;
                foreach (var ord in ordinals.TagOrds(batchTagStart[k], batchTagCount[k])) counts[tags + ord] += weight;
            }
            return;
        }
        for (var k = 0; k < n; k++)
        {
            var (failed, weight, row) = (batchFailed[k], batchWeight[k], k * words);
            for (var i = 0; i < t; i++)
                if (failed < 0 || failed == i) counts[bases[i] + (int)((rows[row + rowWord[i]] >> rowShift[i]) & rowMask[i])] += weight;
            if (failed >= 0 && failed != t) continue;
            foreach (var ord in ordinals.TagOrds(batchTagStart[k], batchTagCount[k])) counts[tags + ord] += weight;
        }
    }

    /// <summary>
    /// Adds the segment's counts to the totals by value. Sampled counts keep only each facet's largest values of the
    /// segment: the rare ones are estimates of a count or two, and every author seen in a large sample would otherwise be merged.
    /// </summary>
    private void FlushSegment()
    {
        if (segmentCounts.Length == 0) return;
        CountBatch();
        var kept = new List<(int Count, int Ord)>();
        for (var i = 0; i < Fields.Length; i++)
        {
            var (counts, first) = (segmentCounts, bases[i] + 1);
            var total = totals[Fields[i]];
            if (!Approximate)
            {
                for (var ord = 0; ord < ordinals.ValueCount(i); ord++)
                    if (counts[first + ord] > 0) Add(total, ordinals.Value(i, ord), counts[first + ord]);
                continue;
            }
            // The largest KeptPerSegment, equal counts in ordinal order (as a stable sort by count would keep them).
            kept.Clear();
            for (var ord = 0; ord < ordinals.ValueCount(i); ord++)
                if (counts[first + ord] > 0) Keep(kept, (Count: counts[first + ord], Ord: ord), KeptPerSegment, static (a, b) => a.Count != b.Count ? a.Count > b.Count : a.Ord < b.Ord);
            foreach (var (count, ord) in kept) Add(total, ordinals.Value(i, ord), count);
        }
        segmentCounts = [];
    }

    private static void Add(Dictionary<string, int> total, string value, int count) =>
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(total, value, out _) += count;

    /// <summary>Keeps <paramref name="item"/> among the best <paramref name="max"/> of <paramref name="best"/> (best first; <paramref name="before"/> a strict order).</summary>
    private static void Keep<T>(List<T> best, T item, int max, Func<T, T, bool> before)
    {
        if (best.Count == max && !before(item, best[^1])) return; // the usual case: not among the best
        var at = best.Count;
        while (at > 0 && before(item, best[at - 1])) at--;
        if (best.Count == max) best.RemoveAt(max - 1);
        best.Insert(at, item);
    }

    private const int KeptPerSegment = 100;

    /// <summary>The counts of collectors that each saw a part of the index, added up; largest first, equal counts by value (at most 30 values each).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Counts(IReadOnlyList<FacetCollector> parts)
    {
        foreach (var part in parts) part.FlushSegment();
        var result = new Dictionary<string, IReadOnlyList<FacetCount>>();
        foreach (var field in Fields)
        {
            var all = parts[0].totals[field];
            if (parts.Count > 1)
            {
                all = new Dictionary<string, int>(all);
                foreach (var part in parts.Skip(1))
                    foreach (var (value, count) in part.totals[field]) Add(all, value, count);
            }
            var top = new List<FacetCount>(31);
            foreach (var (value, count) in all)
                Keep(top, new FacetCount(value, count), 30, static (a, b) => a.Count != b.Count ? a.Count > b.Count : string.CompareOrdinal(a.Value, b.Value) < 0);
            result[field] = top;
        }
        return result;
    }
}
