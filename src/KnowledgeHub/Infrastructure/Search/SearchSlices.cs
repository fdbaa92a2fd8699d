using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// Runs a query over the index in two halves on two threads when no other search is running, so one query on a quiet
/// node uses both cores; under load (another search in flight) it runs in one piece, since every core is already busy
/// and splitting would only add overhead. The halves are by document count, between segments where that is balanced
/// enough; otherwise the segment that straddles the middle is cut at a document, its two parts scored in order from there
/// (Lucene's own parallel search only splits between segments, and one merged segment can hold most of the index).
/// </summary>
public static class SearchSlices
{
    /// <summary>Below this, a query costs too little for a second thread to pay.</summary>
    public const int MinDocsToSplit = 50_000;

    /// <summary>False runs every search in one piece (to measure what splitting gains).</summary>
    public static bool Enabled { get; set; } = true;

    private static int inFlight;

    private readonly record struct Slice(AtomicReaderContext Leaf, IBits Visible, int From, int To);

    /// <summary>
    /// Scores <paramref name="query"/> over what the audience may see, into one new collector per part; the collectors
    /// come back in index order (one, or two when the search was split). <paramref name="split"/> forces the choice (tests);
    /// <paramref name="direct"/> false leaves every query to Lucene's scorers, not <see cref="TermScoring"/> (tests).
    /// </summary>
    public static IReadOnlyList<T> Search<T>(IndexSearcher searcher, Query query, IReadOnlyList<string> audience, Func<T> newCollector, bool? split = null,
        bool direct = true)
        where T : ICollector
    {
        var weight = searcher.CreateNormalizedWeight(query);
        var terms = direct && TermScoring.Enabled && typeof(T) == typeof(FacetCollector) ? TermScoring.For(searcher, query) : null;
        var slices = new List<Slice>();
        foreach (var leaf in searcher.IndexReader.Leaves)
            if (VisibilityFilter.Visible(leaf.AtomicReader, audience) is { } visible) slices.Add(new Slice(leaf, visible, 0, leaf.AtomicReader.MaxDoc));
        var docs = slices.Sum(s => s.To - s.From);
        var alone = Interlocked.Increment(ref inFlight) == 1;
        try
        {
            if (!(split ?? (alone && Enabled && docs >= MinDocsToSplit && Environment.ProcessorCount > 1)) || slices.Count == 0)
            {
                var whole = newCollector();
                Run(weight, terms, slices, whole);
                return [whole];
            }
            var (first, second) = Halves(slices, docs);
            T a = newCollector(), b = newCollector();
            var other = Task.Run(() => Run(weight, terms, second, b));
            Run(weight, terms, first, a);
            other.GetAwaiter().GetResult();
            return [a, b];
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    /// <summary>Runs the two actions on two threads when no search is running, else one after the other.</summary>
    public static void InParallelWhenIdle(Action first, Action second)
    {
        var alone = Interlocked.Increment(ref inFlight) == 1;
        try
        {
            if (!alone || !Enabled || Environment.ProcessorCount < 2) { first(); second(); return; }
            var other = Task.Run(second);
            first();
            other.GetAwaiter().GetResult();
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    /// <summary>
    /// Two runs of slices of about half the documents each. Whole segments when that is balanced to within
    /// <see cref="MaxShare"/>: a cut segment's second part pays the in-order scorer (several times the bulk one's cost for
    /// an OR of common words), and a prefix query's term filter is built for the whole segment in both parts.
    /// </summary>
    private static (List<Slice>, List<Slice>) Halves(List<Slice> slices, int docs)
    {
        int straddling = 0, before = 0;
        while (straddling < slices.Count - 1 && before + Size(slices[straddling]) <= docs / 2) before += Size(slices[straddling++]);
        var withIt = before + Size(slices[straddling]);
        // The straddling segment goes to whichever half leaves the larger half smaller.
        var firstCount = Math.Max(before, docs - before) <= Math.Max(withIt, docs - withIt) ? straddling : straddling + 1;
        var firstDocs = slices.Take(firstCount).Sum(Size);
        if (Math.Max(firstDocs, docs - firstDocs) <= docs * MaxShare) return ([.. slices.Take(firstCount)], [.. slices.Skip(firstCount)]);
        var slice = slices[straddling];
        var cut = slice.From + docs / 2 - before;
        // At a window of alternatives (TermScoring.WindowSize), so that the second part scores them as the whole segment would.
        if ((cut & ~(TermScoring.WindowSize - 1)) is var window && window > slice.From) cut = window;
        return ([.. slices.Take(straddling), slice with { To = cut }], [slice with { From = cut }, .. slices.Skip(straddling + 1)]);
    }

    private const double MaxShare = 2.0 / 3;

    private static int Size(Slice slice) => slice.To - slice.From;

    private static void Run(Weight weight, TermScoring? direct, List<Slice> slices, ICollector collector)
    {
        foreach (var (leaf, visible, from, to) in slices)
        {
            collector.SetNextReader(leaf);
            if (direct is not null && direct.Score(leaf.AtomicReader, visible, from, to, (FacetCollector)collector)) continue;
            if (from == 0)
            {
                // A whole segment, or its first part: the bulk scorer stops before `to` (out of order in windows for alternatives).
                weight.GetBulkScorer(leaf, !collector.AcceptsDocsOutOfOrder, visible)?.Score(collector, to);
                continue;
            }
            // The second part of a segment: an in-order scorer, moved to the first document of the part.
            if (weight.GetScorer(leaf, visible) is not { } scorer) continue;
            collector.SetScorer(scorer);
            for (var doc = scorer.Advance(from); doc < to; doc = scorer.NextDoc()) collector.Collect(doc);
        }
    }
}
