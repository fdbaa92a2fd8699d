using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Lucene.Net.Util.Packed;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// A segment's facet values as ordinals in memory, and its documents' dates (eight bytes each, for sorting hits without
/// a doc-values read per matching document). Lucene's doc values are read from the index file, a seek and a few
/// bytes per look-up, which was the largest cost of counting facets over many matches; these take one eight-byte row per
/// document for all single-valued facets (more when their ordinals need more than 64 bits), plus four bytes per tag, and are
/// built once per segment core, which never changes.
/// The values themselves are kept as strings per ordinal, so counting and resolving never touch the index at query time.
/// Facets are numbered as <see cref="SearchFields.SingleFacets"/>, then the tags.
/// </summary>
public sealed class FacetOrdinals
{
    private static readonly ConditionalWeakTable<object, FacetOrdinals> Cache = new();

    // Every single-valued facet's ordinal plus one (0: none) packed into one row of `words` longs per document, facet i at
    // bits shift[i].. of long word[i]: counting or filtering a document reads one row (one cache line), not one packed
    // array per facet through a virtual call each.
    private readonly ulong[] rows;
    private readonly int words;
    private readonly int[] word, shift;
    private readonly ulong[] mask;
    private readonly int[] tagStarts = [];
    private readonly int[] tagOrds = [];
    private readonly string[][] values;
    private readonly Dictionary<string, int>[] ordOf;
    private readonly long[] dates;

    private FacetOrdinals(AtomicReader reader)
    {
        var maxDoc = reader.MaxDoc;
        var facets = SearchFields.SingleFacets.Length;
        values = new string[facets + 1][];
        var term = new BytesRef();
        string[] Values(long count, Action<int, BytesRef> lookup) =>
            [.. Enumerable.Range(0, (int)count).Select(ord => { lookup(ord, term); return term.Utf8ToString(); })];

        var docValues = new SortedDocValues?[facets];
        (word, shift, mask) = (new int[facets], new int[facets], new ulong[facets]);
        int current = 0, used = 0;
        for (var i = 0; i < facets; i++)
        {
            values[i] = [];
            if (reader.GetSortedDocValues(SearchFields.SingleFacets[i]) is not { } dv) continue; // mask 0: every Ord is -1
            docValues[i] = dv;
            values[i] = Values(dv.ValueCount, dv.LookupOrd);
            var bits = PackedInt32s.BitsRequired(dv.ValueCount);
            if (used + bits > 64) (current, used) = (current + 1, 0);
            (word[i], shift[i], mask[i]) = (current, used, bits == 64 ? ulong.MaxValue : (1UL << bits) - 1);
            used += bits;
        }
        words = current + 1;
        rows = new ulong[checked(maxDoc * words)];
        for (var i = 0; i < facets; i++)
        {
            if (docValues[i] is not { } dv) continue;
            // Stored plus one, so that 0 is "no value" (doc values answer -1).
            for (var doc = 0; doc < maxDoc; doc++) rows[doc * words + word[i]] |= (ulong)(dv.GetOrd(doc) + 1) << shift[i];
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
    public int Ord(int facet, int doc) => Ord(facet, rows.AsSpan(doc * words, words));

    /// <summary>How many longs a document's row of single-valued facet ordinals takes (see <see cref="Read"/>).</summary>
    public int RowWords => words;

    /// <summary>
    /// Copies the facet rows of <paramref name="docs"/> (<see cref="RowWords"/> longs each) and where their tags are, for
    /// decoding afterwards with <see cref="Ord(int, ReadOnlySpan{ulong})"/> and <see cref="TagOrds"/>. Reading many
    /// documents in one loop of independent loads lets the processor wait for their cache misses together, not one by one.
    /// </summary>
    public void Read(ReadOnlySpan<int> docs, Span<ulong> rowsInto, Span<int> tagStart, Span<int> tagCount)
    {
        for (var k = 0; k < docs.Length; k++)
        {
            var doc = docs[k];
            for (var w = 0; w < words; w++) rowsInto[k * words + w] = rows[doc * words + w]; // not CopyTo: a call per row for a long or two
            if (tagStarts.Length == 0) (tagStart[k], tagCount[k]) = (0, 0);
            else (tagStart[k], tagCount[k]) = (tagStarts[doc], tagStarts[doc + 1] - tagStarts[doc]);
        }
    }

    /// <summary>The ordinal of single-valued facet <paramref name="facet"/> in a row copied by <see cref="Read"/>, -1 when none.</summary>
    public int Ord(int facet, ReadOnlySpan<ulong> row) => (int)((row[word[facet]] >> shift[facet]) & mask[facet]) - 1;

    /// <summary>Where single-valued facet <paramref name="facet"/>'s ordinal plus one (0: none) lies in a row copied by <see cref="Read"/>: (row[Word] >> Shift) &amp; Mask.</summary>
    public (int Word, int Shift, ulong Mask) Layout(int facet) => (word[facet], shift[facet], mask[facet]);

    /// <summary>Tag ordinals at a place given by <see cref="Read"/>.</summary>
    public ReadOnlySpan<int> TagOrds(int start, int count) => tagOrds.AsSpan(start, count);

    /// <summary>How many values facet <paramref name="facet"/> has in this segment.</summary>
    public int ValueCount(int facet) => values[facet].Length;

    public string Value(int facet, int ord) => values[facet][ord];

    /// <summary>The ordinal of <paramref name="value"/> in this segment, -1 when no document here has it.</summary>
    public int OrdOf(int facet, string value) => ordOf[facet].GetValueOrDefault(value, -1);

    /// <summary>The document's date (UTC ticks; 0 when it has none).</summary>
    public long Date(int doc) => dates[doc];

    /// <summary>The tag ordinals of <paramref name="doc"/>.</summary>
    public ReadOnlySpan<int> Tags(int doc) => tagStarts.Length == 0 ? [] : tagOrds.AsSpan(tagStarts[doc], tagStarts[doc + 1] - tagStarts[doc]);
}
