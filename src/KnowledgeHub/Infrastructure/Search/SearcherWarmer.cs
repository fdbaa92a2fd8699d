using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// How the app (and the query benchmark) opens searchers: each new segment's facet ordinals are built and its norms read
/// when a searcher is opened (on the indexing thread that refreshes), so the first search after a merge does not pay for
/// them; the searcher scores with <see cref="SearchSimilarity"/>.
/// </summary>
public sealed class SearcherWarmer : SearcherFactory
{
    public override IndexSearcher NewSearcher(IndexReader reader)
    {
        foreach (var leaf in reader.Leaves)
        {
            FacetOrdinals.For(leaf.AtomicReader);
            SearchSimilarity.Warm(leaf.AtomicReader);
        }
        return SearchSimilarity.Searcher(reader);
    }
}
