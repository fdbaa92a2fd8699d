using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// The visibility rule: a document may be found when it carries one of the asker's audience keys. The visible set is
/// handed to the scorers as their accepted documents, so the text query's postings skip what the asker may not see at
/// the lowest level (the counts, facets, snippets and suggestions built on top never see those documents). The set of
/// documents carrying a common key (everyone, members) is cached per segment core, which never changes once written, and
/// so is the union of the common keys an audience holds (a new union per query was a segment-sized set on the large
/// object heap each time, and those drive full collections); a rarely used key (a private space, a circle) is read from
/// its postings on each query instead, so a thousand circles cost no memory.
/// </summary>
public static class VisibilityFilter
{
    private static readonly ConditionalWeakTable<object, Segment> Dense = new();

    /// <summary>A segment core's cached sets: each common key's documents, and the unions of common keys audiences asked for.</summary>
    private sealed class Segment
    {
        public readonly ConcurrentDictionary<string, FixedBitSet> Keys = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<string, FixedBitSet> Unions = new(StringComparer.Ordinal);
    }

    /// <summary>How many unions of common keys a segment keeps (audiences differ mostly in rare keys, so few are ever made).</summary>
    private const int MaxUnions = 64;

    /// <summary>
    /// Runs <paramref name="query"/> into <paramref name="collector"/> over what the asker may see. Not a FilteredQuery,
    /// whose scorer is always in order: a query of alternatives (every word is one per text field) gets Lucene's much
    /// faster out-of-order scorer when the collector takes documents out of order.
    /// </summary>
    public static void Search(IndexSearcher searcher, Query query, IReadOnlyList<string> audience, ICollector collector)
    {
        var weight = searcher.CreateNormalizedWeight(query);
        foreach (var context in searcher.IndexReader.Leaves)
        {
            if (Visible(context.AtomicReader, audience) is not { } visible) continue;
            collector.SetNextReader(context);
            weight.GetBulkScorer(context, !collector.AcceptsDocsOutOfOrder, visible)?.Score(collector);
        }
    }

    /// <summary>
    /// The segment's live documents carrying one of the keys, or null when none can. The set may be shared between
    /// searches (the union of common keys is cached per segment core, so a query allocates no segment-sized set unless its
    /// audience holds a rare key): read it, never change it.
    /// </summary>
    public static IBits? Visible(AtomicReader reader, IReadOnlyList<string> audience)
    {
        if (reader.GetTerms(SearchFields.Audience) is not { } terms) return null;
        var cached = Dense.GetValue(reader.CoreCacheKey, _ => new Segment());
        List<string>? common = null;
        FixedBitSet? rare = null;
        var termsEnum = terms.GetEnumerator();
        foreach (var key in audience)
        {
            if (!termsEnum.SeekExact(new BytesRef(key))) continue;
            if (termsEnum.DocFreq > reader.MaxDoc / 64)
            {
                (common ??= []).Add(key);
                cached.Keys.GetOrAdd(key, _ => Read(termsEnum, reader.MaxDoc, null));
            }
            else rare = Read(termsEnum, reader.MaxDoc, rare);
        }
        var visible = common is null ? null : Union(cached, common, reader.MaxDoc);
        if (rare is not null)
        {
            if (visible is not null) rare.Or(visible); // the rare keys' set is this query's own: the common ones join it
            visible = rare;
        }
        return visible is null ? null : BitsFilteredDocIdSet.Wrap(visible, reader.LiveDocs).Bits;
    }

    /// <summary>The documents carrying any of the common <paramref name="keys"/> (each already in <see cref="Segment.Keys"/>), cached per set of keys.</summary>
    private static FixedBitSet Union(Segment cached, List<string> keys, int maxDoc)
    {
        if (keys.Count == 1) return cached.Keys[keys[0]];
        keys.Sort(StringComparer.Ordinal);
        var name = string.Join('\n', keys);
        if (cached.Unions.TryGetValue(name, out var union)) return union;
        union = new FixedBitSet(maxDoc);
        foreach (var key in keys) union.Or(cached.Keys[key]);
        return cached.Unions.Count < MaxUnions ? cached.Unions.GetOrAdd(name, union) : union;
    }

    /// <summary>Adds the documents of the current term to <paramref name="into"/> (a new set when null); deletions are not applied.</summary>
    private static FixedBitSet Read(TermsEnum termsEnum, int maxDoc, FixedBitSet? into)
    {
        into ??= new FixedBitSet(maxDoc);
        into.Or(termsEnum.Docs(null, null, DocsFlags.NONE));
        return into;
    }
}
