using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// Counts facet values (Lucene.Net.Facet is not available here) and applies the facet filters, in one pass over the
/// documents that match the text and visibility. A document that passes every filter is a hit and counts for every
/// facet; one that fails exactly one filter counts only for that filter's facet ("drill sideways"), so each facet shows
/// what choosing another of its values would give. Values come from doc values: no stored fields are read.
/// </summary>
public sealed class FacetCollector(ICollector hits, IReadOnlyDictionary<string, string> filters) : ICollector
{
    private static readonly string[] Fields = [.. SearchFields.SingleFacets, SearchFields.Tags];
    private readonly Dictionary<string, Dictionary<string, int>> totals = Fields.ToDictionary(f => f, _ => new Dictionary<string, int>());
    private readonly SortedDocValues?[] single = new SortedDocValues?[SearchFields.SingleFacets.Length];
    private SortedSetDocValues? tags;
    private int[][] segmentCounts = [];
    private long[] filterOrd = [];
    private int segmentTagCount;
    private readonly int[] filterIndex = Fields.Select(f => filters.ContainsKey(f) ? 1 : 0).ToArray();

    public int Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => hits.AcceptsDocsOutOfOrder;

    public void SetScorer(Scorer scorer) => hits.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        var reader = context.AtomicReader;
        segmentCounts = new int[Fields.Length][];
        filterOrd = new long[Fields.Length];
        for (var i = 0; i < SearchFields.SingleFacets.Length; i++)
        {
            var values = reader.GetSortedDocValues(SearchFields.SingleFacets[i]);
            single[i] = values;
            segmentCounts[i] = new int[values?.ValueCount ?? 0];
            filterOrd[i] = filters.TryGetValue(Fields[i], out var wanted) ? (values?.LookupTerm(new BytesRef(wanted)) ?? -1) : long.MinValue;
        }
        tags = reader.GetSortedSetDocValues(SearchFields.Tags);
        var t = Fields.Length - 1;
        segmentTagCount = (int)(tags?.ValueCount ?? 0);
        segmentCounts[t] = new int[segmentTagCount];
        filterOrd[t] = filters.TryGetValue(SearchFields.Tags, out var tag) ? (tags?.LookupTerm(new BytesRef(tag)) ?? -1) : long.MinValue;
        hits.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        Span<int> ords = stackalloc int[SearchFields.SingleFacets.Length];
        var failed = -1;
        var failures = 0;
        for (var i = 0; i < ords.Length; i++)
        {
            ords[i] = single[i]?.GetOrd(doc) ?? -1;
            // A wanted value missing from this segment (LookupTerm < 0) fails every document here, including those without
            // the field at all (GetOrd -1), which would otherwise compare equal to a "not found" of -1.
            if (filterOrd[i] != long.MinValue && (filterOrd[i] < 0 || ords[i] != filterOrd[i])) { failed = i; failures++; }
        }
        var t = Fields.Length - 1;
        var hasTag = false;
        if (tags is not null) tags.SetDocument(doc);
        if (filterOrd[t] != long.MinValue)
        {
            if (tags is not null && filterOrd[t] >= 0)
                for (var ord = tags.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = tags.NextOrd())
                    if (ord == filterOrd[t]) { hasTag = true; break; }
            if (!hasTag) { failed = t; failures++; }
            if (tags is not null) tags.SetDocument(doc);
        }
        if (failures > 1) return;
        for (var i = 0; i < ords.Length; i++)
            if (ords[i] >= 0 && (failures == 0 || failed == i)) segmentCounts[i][ords[i]]++;
        if (tags is not null && (failures == 0 || failed == t))
            for (var ord = tags.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = tags.NextOrd()) segmentCounts[t][ord]++;
        if (failures == 0)
        {
            Total++;
            hits.Collect(doc);
        }
    }

    private void FlushSegment()
    {
        if (segmentCounts.Length == 0) return;
        var term = new BytesRef();
        for (var i = 0; i < Fields.Length; i++)
        {
            var counts = segmentCounts[i];
            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] == 0) continue;
                if (i < SearchFields.SingleFacets.Length) single[i]!.LookupOrd(ord, term);
                else tags!.LookupOrd(ord, term);
                var value = term.Utf8ToString();
                totals[Fields[i]][value] = totals[Fields[i]].GetValueOrDefault(value) + counts[ord];
            }
        }
        segmentCounts = [];
    }

    /// <summary>Counts per facet, largest first (at most 30 values each).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Counts()
    {
        FlushSegment();
        return totals.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<FacetCount>)kv.Value
            .OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal).Take(30).Select(v => new FacetCount(v.Key, v.Value)).ToList());
    }
}
