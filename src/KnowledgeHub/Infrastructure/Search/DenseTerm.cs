using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// The postings of one of a large segment's commonest terms (in a quarter or more of its documents) decoded into memory:
/// a bit per document and its frequency in a byte per document. Such a term's query otherwise decodes and walks most of
/// the segment's documents one call at a time (its cost grows with the index and made the slowest queries); from these,
/// <see cref="TermScoring"/> takes the matches 64 documents at a time, intersected with the visible set word by word.
/// Built on the first query that needs it and kept per segment core, which never changes (deletions are not applied here:
/// the visible set carries them); at most <see cref="MaxPerSegment"/> terms per segment, about 1.1 bytes per document each.
/// </summary>
public sealed class DenseTerm
{
    /// <summary>Smaller segments are walked as postings: cheap already, and there are many of them.</summary>
    public const int MinDocs = 8192;
    public const int MaxPerSegment = 32;

    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<Term, Lazy<DenseTerm>>> Cache = new();

    private readonly byte[] freqs; // 255: in `large`
    private readonly Dictionary<int, int> large = [];

    /// <summary>A bit per document of the segment: set where the term occurs.</summary>
    public long[] Docs { get; }  // as FixedBitSet's words, so the visible set's words combine with them directly

    /// <summary>In how many of the segment's documents the term occurs (deleted ones included, as the postings' cost).</summary>
    public int DocFreq { get; }

    private DenseTerm(TermsEnum termsEnum, int maxDoc)
    {
        Docs = new long[(maxDoc + 63) >> 6];
        freqs = new byte[maxDoc];
        var docs = termsEnum.Docs(null, null, DocsFlags.FREQS);
        for (var doc = docs.NextDoc(); doc != Lucene.Net.Search.DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
        {
            Docs[doc >> 6] |= 1L << doc;
            var freq = docs.Freq;
            if (freq >= byte.MaxValue) large[doc] = freq;
            freqs[doc] = (byte)Math.Min(freq, byte.MaxValue);
            DocFreq++;
        }
    }

    /// <summary>How many times the term occurs in <paramref name="doc"/> (which holds it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Freq(int doc)
    {
        var freq = freqs[doc];
        return freq < byte.MaxValue ? freq : large[doc];
    }

    /// <summary>The term's dense postings in the segment, or null when the segment is small, lacks the term, holds it in fewer than a quarter of its documents, or keeps its most already.</summary>
    public static DenseTerm? For(AtomicReader reader, Term term)
    {
        var maxDoc = reader.MaxDoc;
        if (maxDoc < MinDocs) return null;
        var cached = Cache.GetValue(reader.CoreCacheKey, _ => new ConcurrentDictionary<Term, Lazy<DenseTerm>>());
        if (cached.TryGetValue(term, out var known)) return known.Value;
        if (reader.GetTerms(term.Field) is not { } terms) return null;
        var termsEnum = terms.GetEnumerator();
        if (!termsEnum.SeekExact(term.Bytes) || termsEnum.DocFreq < maxDoc / 4 || cached.Count >= MaxPerSegment) return null;
        return cached.GetOrAdd(term, _ => new Lazy<DenseTerm>(() => new DenseTerm(termsEnum, maxDoc))).Value;
    }
}
