using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util.Packed;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// A segment's facet values as ordinals in memory. Lucene's doc values are read from the index file, a seek and a few
/// bytes per look-up, which was the largest cost of counting facets over many matches; these arrays take one to two
/// bytes per document and facet (plus four per tag) and are built once per segment core, which never changes.
/// Ordinals are the segment's own, so values are still resolved through its doc values.
/// </summary>
public sealed class FacetOrdinals
{
    private static readonly ConditionalWeakTable<object, FacetOrdinals> Cache = new();

    private readonly PackedInt32s.Mutable?[] single;
    private readonly int[] tagStarts = [];
    private readonly int[] tagOrds = [];

    private FacetOrdinals(AtomicReader reader)
    {
        var maxDoc = reader.MaxDoc;
        single = new PackedInt32s.Mutable?[SearchFields.SingleFacets.Length];
        for (var i = 0; i < single.Length; i++)
        {
            if (reader.GetSortedDocValues(SearchFields.SingleFacets[i]) is not { } values) continue;
            // Stored plus one, so that 0 is "no value" (doc values answer -1).
            var ords = PackedInt32s.GetMutable(maxDoc, PackedInt32s.BitsRequired(values.ValueCount), PackedInt32s.FAST);
            for (var doc = 0; doc < maxDoc; doc++) ords.Set(doc, values.GetOrd(doc) + 1);
            single[i] = ords;
        }
        if (reader.GetSortedSetDocValues(SearchFields.Tags) is not { } tags) return;
        tagStarts = new int[maxDoc + 1];
        var all = new List<int>();
        for (var doc = 0; doc < maxDoc; doc++)
        {
            tagStarts[doc] = all.Count;
            tags.SetDocument(doc);
            for (var ord = tags.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = tags.NextOrd()) all.Add((int)ord);
        }
        tagStarts[maxDoc] = all.Count;
        tagOrds = [.. all];
    }

    public static FacetOrdinals For(AtomicReader reader) => Cache.GetValue(reader.CoreCacheKey, _ => new FacetOrdinals(reader));

    /// <summary>The ordinal of single-valued facet <paramref name="facet"/> (an index into <see cref="SearchFields.SingleFacets"/>), -1 when none.</summary>
    public int Ord(int facet, int doc) => single[facet] is { } ords ? (int)ords.Get(doc) - 1 : -1;

    /// <summary>The tag ordinals of <paramref name="doc"/>.</summary>
    public ReadOnlySpan<int> Tags(int doc) => tagStarts.Length == 0 ? [] : tagOrds.AsSpan(tagStarts[doc], tagStarts[doc + 1] - tagStarts[doc]);

    /// <summary>
    /// Builds each new segment's ordinals when a searcher is opened (on the indexing thread that refreshes), so the first
    /// search after a merge does not pay for it.
    /// </summary>
    public sealed class Warmer : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader)
        {
            foreach (var leaf in reader.Leaves) For(leaf.AtomicReader);
            return new IndexSearcher(reader);
        }
    }
}
