using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// The best <c>n</c> hits, by relevance (equal scores newest first) or newest first; equal in both, the lower document
/// number first. What TopFieldCollector does for these two sorts, at a fraction of its cost per matching document: a
/// document that cannot enter the full queue is turned away after one float or long comparison, and dates come from
/// memory (<see cref="FacetOrdinals.Date"/>), not from doc values. Takes documents in any order, so a query of alternatives
/// gets Lucene's out-of-order scorer. Several collectors over parts of the index combine with <see cref="Merge"/>.
/// </summary>
public sealed class BestHits(int n, bool newest) : ICollector
{
    private readonly float[] scores = new float[n];
    private readonly long[] dates = new long[n];
    private readonly int[] docs = new int[n];
    private int count; // a min-heap of the worst hit first, once full
    private Scorer? scorer;
    private FacetOrdinals segment = null!;
    private int docBase;

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer) => this.scorer = scorer;

    public void SetNextReader(AtomicReaderContext context)
    {
        segment = FacetOrdinals.For(context.AtomicReader);
        docBase = context.DocBase;
    }

    /// <summary>Whether hits are ranked by score (false: newest first, and scores are never asked for).</summary>
    public bool NeedsScores => !newest;

    public void Collect(int doc) => Collect(doc, newest ? 0f : scorer!.GetScore());

    /// <summary>Takes a document of the current segment with its score (ignored newest first), from a scorer that computed it itself.</summary>
    public void Collect(int doc, float score)
    {
        if (count == n)
        {
            // The common case once the queue is full: worse than the worst kept.
            if (newest) { if (segment.Date(doc) < dates[0]) return; }
            else if (score < scores[0]) return;
            var date = segment.Date(doc);
            if (!Better(score, date, docBase + doc, 0)) return;
            Set(0, score, date, docBase + doc);
            Down(0);
            return;
        }
        if (n == 0) return;
        Set(count, score, segment.Date(doc), docBase + doc);
        Up(count++);
    }

    /// <summary>The hits of every part, best first, from <paramref name="start"/>, at most <paramref name="size"/>.</summary>
    public static IReadOnlyList<int> Merge(IReadOnlyList<BestHits> parts, int start, int size) => [.. Ranked(parts).Skip(start).Take(size).Select(h => h.Doc)];

    /// <summary>Every part's hits with their scores, best first.</summary>
    public static IReadOnlyList<(int Doc, float Score)> Ranked(IReadOnlyList<BestHits> parts)
    {
        var all = parts.SelectMany(p => Enumerable.Range(0, p.count).Select(i => (Score: p.scores[i], Date: p.dates[i], Doc: p.docs[i]))).ToList();
        all.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Date != b.Date ? b.Date.CompareTo(a.Date) : a.Doc.CompareTo(b.Doc));
        return [.. all.Select(h => (h.Doc, h.Score))];
    }

    /// <summary>Whether the hit given ranks above the one kept at <paramref name="i"/>.</summary>
    private bool Better(float score, long date, int doc, int i) =>
        score != scores[i] ? score > scores[i] : date != dates[i] ? date > dates[i] : doc < docs[i];

    private bool Better(int i, int j) => Better(scores[i], dates[i], docs[i], j);

    private void Set(int i, float score, long date, int doc) => (scores[i], dates[i], docs[i]) = (score, date, doc);

    private void Swap(int i, int j)
    {
        (scores[i], scores[j]) = (scores[j], scores[i]);
        (dates[i], dates[j]) = (dates[j], dates[i]);
        (docs[i], docs[j]) = (docs[j], docs[i]);
    }

    private void Up(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Better(parent, i)) return;
            Swap(i, parent);
            i = parent;
        }
    }

    private void Down(int i)
    {
        while (true)
        {
            int left = 2 * i + 1, right = left + 1, worst = i;
            if (left < count && Better(worst, left)) worst = left;
            if (right < count && Better(worst, right)) worst = right;
            if (worst == i) return;
            Swap(i, worst);
            i = worst;
        }
    }
}
