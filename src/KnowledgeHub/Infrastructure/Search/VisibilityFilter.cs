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
/// documents carrying a common key (everyone, members) is cached per segment core, which never changes once written; a
/// rarely used key (a private space, a circle) is read from its postings on each query instead, so a thousand circles
/// cost no memory.
/// </summary>
public static class VisibilityFilter
{
    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<string, FixedBitSet>> Dense = new();

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

    /// <summary>The segment's live documents carrying one of the keys, or null when none can.</summary>
    public static IBits? Visible(AtomicReader reader, IReadOnlyList<string> audience)
    {
        if (reader.GetTerms(SearchFields.Audience) is not { } terms) return null;
        var cached = Dense.GetValue(reader.CoreCacheKey, _ => new ConcurrentDictionary<string, FixedBitSet>());
        FixedBitSet? visible = null;
        var termsEnum = terms.GetEnumerator();
        foreach (var key in audience)
        {
            if (!termsEnum.SeekExact(new BytesRef(key))) continue;
            if (termsEnum.DocFreq > reader.MaxDoc / 64)
            {
                var bits = cached.GetOrAdd(key, _ => Read(termsEnum, reader.MaxDoc, null));
                if (visible is null) visible = (FixedBitSet)bits.Clone();
                else visible.Or(bits);
            }
            else visible = Read(termsEnum, reader.MaxDoc, visible);
        }
        return visible is null ? null : BitsFilteredDocIdSet.Wrap(visible, reader.LiveDocs).Bits;
    }

    /// <summary>Adds the documents of the current term to <paramref name="into"/> (a new set when null); deletions are not applied.</summary>
    private static FixedBitSet Read(TermsEnum termsEnum, int maxDoc, FixedBitSet? into)
    {
        into ??= new FixedBitSet(maxDoc);
        into.Or(termsEnum.Docs(null, null, DocsFlags.NONE));
        return into;
    }
}
