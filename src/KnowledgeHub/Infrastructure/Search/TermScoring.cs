using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// Scores the commonest queries (one term; alternatives of terms, which is what a word with several forms and an OR of
/// words become; all of several terms, what a few typed words become) by reading the postings directly, with
/// <see cref="SearchSimilarity"/>'s arithmetic, into a <see cref="FacetCollector"/>: no scorer, bulk scorer or collector
/// calls per matching document, and no frequencies decoded when hits are sorted by date. Every document is still counted
/// (totals and facets stay as they were); the same documents arrive in the same order with the same float scores as
/// through Lucene's TermScorer, BooleanScorer and ConjunctionScorer, whose weights, normalization, coordination and
/// summing order are followed step by step (a test compares them bit for bit).
/// </summary>
public sealed class TermScoring
{
    /// <summary>False leaves every query to Lucene's scorers (to measure what this gains).</summary>
    public static bool Enabled { get; set; } = true;

    private readonly Term[] terms;
    private readonly float[] values; // each term's normalized weight (SearchSimilarity.WeightValue)
    private readonly float[] coordFactors; // by how many terms matched
    private readonly Kind kind;

    private enum Kind { Single, Alternatives, Conjunction }

    private TermScoring(Term[] terms, float[] values, float[] coordFactors, Kind kind) =>
        (this.terms, this.values, this.coordFactors, this.kind) = (terms, values, coordFactors, kind);

    /// <summary>
    /// The plan for <paramref name="query"/> when it is one term, SHOULD terms only or MUST terms only, and the searcher scores with
    /// <see cref="SearchSimilarity"/>; null for anything else (Lucene's own scorers then run).
    /// </summary>
    public static TermScoring? For(IndexSearcher searcher, Query query)
    {
        if (searcher.Similarity is not SearchSimilarity similarity) return null;
        query = searcher.Rewrite(query);
        var top = searcher.TopReaderContext;
        Similarity.SimWeight Weight(TermQuery q) => // as TermQuery's TermWeight
            similarity.ComputeWeight(q.Boost, searcher.CollectionStatistics(q.Term.Field), searcher.TermStatistics(q.Term, TermContext.Build(top, q.Term)));
        static float QueryNorm(Similarity similarity, float sum) // as IndexSearcher.CreateNormalizedWeight
        {
            var norm = similarity.QueryNorm(sum);
            return float.IsInfinity(norm) || float.IsNaN(norm) ? 1.0f : norm;
        }

        if (query is TermQuery single)
        {
            var weight = Weight(single);
            weight.Normalize(QueryNorm(similarity, weight.GetValueForNormalization()), 1.0f);
            return new TermScoring([single.Term], [SearchSimilarity.WeightValue(weight)], [], Kind.Single);
        }
        if (query is not BooleanQuery { MinimumNumberShouldMatch: 0, Clauses.Count: > 1 } boolean || !boolean.Clauses.All(c => c.Query is TermQuery)) return null;
        var kind = boolean.Clauses.All(c => c.Occur == Occur.SHOULD) ? Kind.Alternatives : boolean.Clauses.All(c => c.Occur == Occur.MUST) ? Kind.Conjunction : (Kind?)null;
        if (kind is null) return null;
        // As BooleanQuery's BooleanWeight: the clauses' weights summed, times the boost squared; each normalized with the boost.
        var clauses = boolean.Clauses.Select(c => (TermQuery)c.Query).ToArray();
        var weights = clauses.Select(Weight).ToArray();
        var sum = 0.0f;
        foreach (var w in weights) sum += w.GetValueForNormalization();
        sum *= boolean.Boost * boolean.Boost;
        var queryNorm = QueryNorm(similarity, sum);
        var topLevelBoost = 1.0f * boolean.Boost;
        foreach (var w in weights) w.Normalize(queryNorm, topLevelBoost);
        var maxCoord = clauses.Length;
        // BooleanWeight.Coord: never coord(1, 1); BooleanScorer sizes its table by the clauses that match in the segment,
        // at most all of them; a conjunction's is that of all of them.
        var coord = new float[maxCoord + 1];
        for (var i = 0; i < coord.Length; i++) coord[i] = boolean.CoordDisabled ? 1.0f : maxCoord == 1 ? 1f : similarity.Coord(i, maxCoord);
        return new TermScoring([.. clauses.Select(c => c.Term)], [.. weights.Select(w => SearchSimilarity.WeightValue(w))], coord, kind.Value);
    }

    /// <summary>
    /// Collects the matches in documents <paramref name="from"/> to <paramref name="to"/> (exclusive) of the segment that
    /// <paramref name="collector"/> was last given, among <paramref name="visible"/>. Alternatives are scored as
    /// BooleanScorer scores the whole segment, in windows of <see cref="WindowSize"/> from its start, so a range of them
    /// must start at a window (<see cref="SearchSlices"/> cuts segments there): the part of the segment gets what it would
    /// have got in a search of the whole. False for alternatives from another document: the caller then runs Lucene's
    /// scorer (in document order, summing in another order).
    /// </summary>
    public bool Score(AtomicReader reader, IBits visible, int from, int to, FacetCollector collector)
    {
        if (kind == Kind.Alternatives && from % WindowSize != 0) return false;
        var scores = collector.NeedsScores;
        var flags = scores ? DocsFlags.FREQS : DocsFlags.NONE;
        // The commonest terms from memory, when the visible set is a plain bit set (a segment without deletions).
        if (visible is FixedBitSet bits && Dense(reader) is { } dense)
        {
            if (kind == Kind.Alternatives) DenseAlternatives(reader, dense, bits.GetBits(), from, to, collector, scores);
            else DenseConjunction(reader, dense, bits.GetBits(), from, to, collector, scores); // one term: a conjunction of one
            return true;
        }
        if (kind == Kind.Conjunction)
        {
            Conjunction(reader, visible, from, to, collector, scores, flags);
            return true;
        }
        if (kind == Kind.Single)
        {
            if (Postings(reader, terms[0], visible, flags) is not { } docs) return true;
            var norms = SearchSimilarity.SegmentNorms(reader, terms[0].Field);
            var value = values[0];
            for (var doc = from > 0 ? docs.Advance(from) : docs.NextDoc(); doc < to; doc = docs.NextDoc())
                collector.Collect(doc, scores ? SearchSimilarity.Score(value, norms, doc, docs.Freq) : 0f);
            return true;
        }
        Alternatives(reader, visible, from, to, collector, scores, flags);
        return true;
    }

    /// <summary>
    /// ConjunctionScorer's way, in document order: the term in fewest documents of the segment leads (ties in clause order),
    /// the others advance to it; a match's score is the terms' scores summed in a float in that order, times the coordination factor.
    /// </summary>
    private void Conjunction(AtomicReader reader, IBits visible, int from, int to, FacetCollector collector, bool scores, DocsFlags flags)
    {
        var subs = new (DocsEnum Docs, byte[]? Norms, float Value)[terms.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            if (Postings(reader, terms[i], visible, flags) is not { } docs) return; // a term the segment lacks: no match here
            subs[i] = (docs, SearchSimilarity.SegmentNorms(reader, terms[i].Field), values[i]);
        }
        subs = [.. subs.OrderBy(s => s.Docs.GetCost())]; // stable, as ArrayUtil.TimSort
        var at = new int[subs.Length];
        Array.Fill(at, -1);
        var lead = subs[0].Docs;
        var coord = coordFactors[terms.Length];
        int Match(int doc)
        {
            while (true)
            {
                var agreed = true;
                for (var i = 1; i < subs.Length && agreed; i++)
                {
                    if (at[i] >= doc) continue;
                    at[i] = subs[i].Docs.Advance(doc);
                    if (at[i] > doc) (doc, agreed) = (at[i], false);
                }
                if (agreed) return doc;
                doc = at[0] = lead.Advance(doc);
            }
        }
        for (var doc = Match(at[0] = from > 0 ? lead.Advance(from) : lead.NextDoc()); doc < to; doc = Match(at[0] = lead.NextDoc()))
        {
            if (!scores)
            {
                collector.Collect(doc, 0f);
                continue;
            }
            var sum = 0.0f;
            foreach (var (docs, norms, value) in subs) sum += SearchSimilarity.Score(value, norms, doc, docs.Freq);
            collector.Collect(doc, sum * coord);
        }
    }

    /// <summary>Every term's dense postings in the segment, or null when one of them has none (then the postings are read).</summary>
    private DenseTerm[]? Dense(AtomicReader reader)
    {
        var dense = new DenseTerm[terms.Length];
        for (var i = 0; i < terms.Length; i++)
            if ((dense[i] = DenseTerm.For(reader, terms[i])!) is null) return null;
        return dense;
    }

    /// <summary>The documents of words <paramref name="w"/> of <paramref name="docs"/> and <paramref name="visible"/> from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static ulong Word(long[] docs, long[] visible, int w, int from, int to)
    {
        var bits = (ulong)(docs[w] & visible[w]);
        if (w == from >> 6) bits &= ~0UL << (from & 63);
        if (w == to >> 6) bits &= (1UL << (to & 63)) - 1;
        return bits;
    }

    /// <summary>
    /// A conjunction (or one term) from dense postings: the same documents in the same order as <see cref="Conjunction"/>,
    /// the terms' scores summed in the same order (fewest documents first, ties in clause order).
    /// </summary>
    private void DenseConjunction(AtomicReader reader, DenseTerm[] dense, long[] visible, int from, int to, FacetCollector collector, bool scores)
    {
        var order = Enumerable.Range(0, terms.Length).OrderBy(i => dense[i].DocFreq).ToArray(); // stable
        var norms = order.Select(i => SearchSimilarity.SegmentNorms(reader, terms[i].Field)).ToArray();
        var value = order.Select(i => values[i]).ToArray();
        var sorted = order.Select(i => dense[i]).ToArray();
        var coord = kind == Kind.Single ? 1f : coordFactors[terms.Length];
        var lead = sorted[0].Docs;
        for (var w = from >> 6; w <= Math.Min(to >> 6, lead.Length - 1); w++)
        {
            var bits = Word(lead, visible, w, from, to);
            for (var i = 1; i < sorted.Length && bits != 0; i++) bits &= (ulong)sorted[i].Docs[w];
            for (; bits != 0; bits &= bits - 1)
            {
                var doc = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                if (!scores) collector.Collect(doc, 0f);
                else if (kind == Kind.Single) collector.Collect(doc, SearchSimilarity.Score(value[0], norms[0], doc, sorted[0].Freq(doc)));
                else
                {
                    var sum = 0.0f;
                    for (var i = 0; i < sorted.Length; i++) sum += SearchSimilarity.Score(value[i], norms[i], doc, sorted[i].Freq(doc));
                    collector.Collect(doc, sum * coord);
                }
            }
        }
    }

    /// <summary>
    /// Alternatives from dense postings, in the order <see cref="Alternatives"/> hands them on, found with bit operations: in
    /// each window of 2048 documents BooleanScorer links the documents in the order of their first match (the terms taken
    /// last clause first, each in document order) and hands them on from the last linked; that is, term by term in clause
    /// order, the documents that term is the first clause to match (no later clause does), from the highest down. A
    /// document's score sums its terms' scores in a double last clause first, as BooleanScorer adds them up.
    /// </summary>
    private void DenseAlternatives(AtomicReader reader, DenseTerm[] dense, long[] visible, int from, int to, FacetCollector collector, bool scores)
    {
        var n = terms.Length;
        var norms = terms.Select(t => SearchSimilarity.SegmentNorms(reader, t.Field)).ToArray();
        const int windowWords = WindowSize / 64;
        var firstOf = new ulong[n * windowWords]; // per term, the window's documents no later clause matches
        var words = dense[0].Docs.Length;
        for (var start = from; start < to; start += WindowSize)
        {
            var firstWord = start >> 6;
            var lastWord = Math.Min(Math.Min(to >> 6, firstWord + windowWords - 1), words - 1);
            for (var w = firstWord; w <= lastWord; w++)
            {
                var later = 0UL;
                for (var t = n - 1; t >= 0; t--)
                {
                    var bits = Word(dense[t].Docs, visible, w, 0, to);
                    firstOf[t * windowWords + w - firstWord] = bits & ~later;
                    later |= bits;
                }
            }
            for (var t = 0; t < n; t++)
            {
                for (var w = lastWord; w >= firstWord; w--)
                {
                    for (var bits = firstOf[t * windowWords + w - firstWord]; bits != 0;)
                    {
                        var bit = 63 - System.Numerics.BitOperations.LeadingZeroCount(bits);
                        bits &= ~(1UL << bit);
                        var doc = (w << 6) + bit;
                        if (!scores)
                        {
                            collector.Collect(doc, 0f);
                            continue;
                        }
                        var sum = 0.0;
                        var matched = 0;
                        for (var u = n - 1; u >= 0; u--)
                        {
                            if ((dense[u].Docs[w] & (1L << bit)) == 0) continue;
                            sum += SearchSimilarity.Score(values[u], norms[u], doc, dense[u].Freq(doc));
                            matched++;
                        }
                        collector.Collect(doc, (float)(sum * coordFactors[matched]));
                    }
                }
            }
        }
    }

    /// <summary>BooleanScorer's window (its BucketTable's size).</summary>
    public const int WindowSize = 1 << 11;
    private const int Mask = WindowSize - 1;

    /// <summary>
    /// BooleanScorer's way: windows of 2048 documents; each window takes the terms' matches term by term, last clause first
    /// (BooleanScorer links its sub-scorers in front of each other), summing each document's scores in a double; then hands
    /// on the window's documents newest-linked first (the order facet sampling sees), each score times the coordination factor.
    /// </summary>
    private void Alternatives(AtomicReader reader, IBits visible, int from, int to, FacetCollector collector, bool scores, DocsFlags flags)
    {
        var subs = new List<(DocsEnum Docs, byte[]? Norms, float Value, int Doc)>();
        for (var i = terms.Length - 1; i >= 0; i--)
        {
            if (Postings(reader, terms[i], visible, flags) is not { } docs) continue;
            var first = from > 0 ? docs.Advance(from) : docs.NextDoc();
            if (first != DocIdSetIterator.NO_MORE_DOCS) subs.Add((docs, SearchSimilarity.SegmentNorms(reader, terms[i].Field), values[i], first));
        }
        if (subs.Count == 0) return;
        var bucketDoc = new int[WindowSize];
        Array.Fill(bucketDoc, -1);
        var bucketScore = new double[WindowSize];
        var bucketCoord = new int[WindowSize];
        var next = new int[WindowSize];
        var sub = subs.ToArray();
        for (var end = from + WindowSize; ; end += WindowSize)
        {
            var head = -1;
            var more = false;
            for (var s = 0; s < sub.Length; s++)
            {
                ref var t = ref sub[s];
                var doc = t.Doc;
                if (doc == DocIdSetIterator.NO_MORE_DOCS) continue;
                var (docs, norms, value) = (t.Docs, t.Norms, t.Value);
                for (; doc < end; doc = docs.NextDoc())
                {
                    var score = scores ? SearchSimilarity.Score(value, norms, doc, docs.Freq) : 0f;
                    var b = doc & Mask;
                    if (bucketDoc[b] != doc)
                    {
                        (bucketDoc[b], bucketScore[b], bucketCoord[b], next[b]) = (doc, score, 1, head);
                        head = b;
                    }
                    else
                    {
                        bucketScore[b] += score;
                        bucketCoord[b]++;
                    }
                }
                t.Doc = doc;
                more |= doc != DocIdSetIterator.NO_MORE_DOCS;
            }
            for (var b = head; b >= 0; b = next[b])
            {
                var doc = bucketDoc[b];
                if (doc < to) collector.Collect(doc, (float)(bucketScore[b] * coordFactors[bucketCoord[b]]));
            }
            if (!more || end >= to) return;
        }
    }

    /// <summary>The term's postings in the segment among <paramref name="visible"/>, null when the segment lacks it.</summary>
    private static DocsEnum? Postings(AtomicReader reader, Term term, IBits visible, DocsFlags flags)
    {
        if (reader.GetTerms(term.Field) is not { } fieldTerms) return null;
        var termsEnum = fieldTerms.GetEnumerator();
        return termsEnum.SeekExact(term.Bytes) ? termsEnum.Docs(visible, null, flags) : null;
    }
}
