using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Lucene.Net.Util.Packed;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// A segment's facet values as ordinals in memory, and its documents' dates (eight bytes each, for sorting hits without
/// a doc-values read per matching document). Lucene's doc values are read from the index file, a seek and a few
/// bytes per look-up, which was the largest cost of counting facets over many matches; these arrays take one to two
/// bytes per document and facet (plus four per tag) and are built once per segment core, which never changes.
/// The values themselves are kept as strings per ordinal, so counting and resolving never touch the index at query time.
/// Facets are numbered as <see cref="SearchFields.SingleFacets"/>, then the tags.
/// </summary>
public sealed class FacetOrdinals
{
    private static readonly ConditionalWeakTable<object, FacetOrdinals> Cache = new();

    private readonly PackedInt32s.Mutable?[] single;
    private readonly int[] tagStarts = [];
    private readonly int[] tagOrds = [];
    private readonly string[][] values;
    private readonly Dictionary<string, int>[] ordOf;
    private readonly long[] dates;

    private FacetOrdinals(AtomicReader reader)
    {
        var maxDoc = reader.MaxDoc;
        var facets = SearchFields.SingleFacets.Length;
        single = new PackedInt32s.Mutable?[facets];
        values = new string[facets + 1][];
        var term = new BytesRef();
        string[] Values(long count, Action<int, BytesRef> lookup) =>
            [.. Enumerable.Range(0, (int)count).Select(ord => { lookup(ord, term); return term.Utf8ToString(); })];

        for (var i = 0; i < facets; i++)
        {
            values[i] = [];
            if (reader.GetSortedDocValues(SearchFields.SingleFacets[i]) is not { } docValues) continue;
            // Stored plus one, so that 0 is "no value" (doc values answer -1).
            var ords = PackedInt32s.GetMutable(maxDoc, PackedInt32s.BitsRequired(docValues.ValueCount), PackedInt32s.FAST);
            for (var doc = 0; doc < maxDoc; doc++) ords.Set(doc, docValues.GetOrd(doc) + 1);
            single[i] = ords;
            values[i] = Values(docValues.ValueCount, docValues.LookupOrd);
        }
        values[facets] = [];
        if (reader.GetSortedSetDocValues(SearchFields.Tags) is { } tags)
        {
            values[facets] = Values(tags.ValueCount, (ord, into) => tags.LookupOrd(ord, into));
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
        dates = new long[maxDoc];
        if (reader.GetNumericDocValues(SearchFields.DateValues) is { } dateValues)
            for (var doc = 0; doc < maxDoc; doc++) dates[doc] = dateValues.Get(doc);
        ordOf = [.. values.Select(v => v.Select((value, ord) => (value, ord)).ToDictionary(p => p.value, p => p.ord, StringComparer.Ordinal))];
    }

    public static FacetOrdinals For(AtomicReader reader) => Cache.GetValue(reader.CoreCacheKey, _ => new FacetOrdinals(reader));

    /// <summary>The ordinal of single-valued facet <paramref name="facet"/> (an index into <see cref="SearchFields.SingleFacets"/>), -1 when none.</summary>
    public int Ord(int facet, int doc) => single[facet] is { } ords ? (int)ords.Get(doc) - 1 : -1;

    /// <summary>How many values facet <paramref name="facet"/> has in this segment.</summary>
    public int ValueCount(int facet) => values[facet].Length;

    public string Value(int facet, int ord) => values[facet][ord];

    /// <summary>The ordinal of <paramref name="value"/> in this segment, -1 when no document here has it.</summary>
    public int OrdOf(int facet, string value) => ordOf[facet].GetValueOrDefault(value, -1);

    /// <summary>The document's date (UTC ticks; 0 when it has none).</summary>
    public long Date(int doc) => dates[doc];

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
