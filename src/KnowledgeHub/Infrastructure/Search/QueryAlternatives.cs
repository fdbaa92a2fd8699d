using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// Drops the alternatives of a typed word that no document holds (a language's stem where no document in that language
/// has it), so most words become one plain TermQuery and most phrases a plain PhraseQuery: a disjunction costs several
/// times a single term per matching document, and a conjunction of disjunctions far more.
/// </summary>
public static class QueryAlternatives
{
    public static Query Prune(Query query, IndexReader reader) => query switch
    {
        BooleanQuery q when IsAlternatives(q) => Alternatives(q, reader),
        BooleanQuery q => Rebuild(q, reader),
        MultiPhraseQuery q => Phrase(q, reader),
        _ => query,
    };

    /// <summary>What the parser makes of one word with several forms at one position: SHOULD terms, coordination disabled.</summary>
    private static bool IsAlternatives(BooleanQuery q) =>
        q.CoordDisabled && q.Clauses.Count > 1 && q.Clauses.All(c => c.Occur == Occur.SHOULD && c.Query is TermQuery);

    private static Query Alternatives(BooleanQuery q, IndexReader reader)
    {
        var kept = q.Clauses.Where(c => reader.DocFreq(((TermQuery)c.Query).Term) > 0).ToList();
        if (kept.Count == q.Clauses.Count) return q;
        // None left: the first alone still matches nothing, as the whole did.
        if (kept.Count <= 1) return Boosted((kept.Count == 1 ? kept[0] : q.Clauses[0]).Query, q.Boost);
        var pruned = new BooleanQuery(true) { Boost = q.Boost };
        foreach (var clause in kept) pruned.Add(clause);
        return pruned;
    }

    private static Query Rebuild(BooleanQuery q, IndexReader reader)
    {
        var rebuilt = new BooleanQuery(q.CoordDisabled) { Boost = q.Boost, MinimumNumberShouldMatch = q.MinimumNumberShouldMatch };
        var changed = false;
        foreach (var clause in q.Clauses)
        {
            var pruned = Prune(clause.Query, reader);
            changed |= !ReferenceEquals(pruned, clause.Query);
            rebuilt.Add(pruned, clause.Occur);
        }
        return changed ? rebuilt : q;
    }

    private static Query Phrase(MultiPhraseQuery q, IndexReader reader)
    {
        var arrays = q.GetTermArrays();
        var positions = q.GetPositions();
        var kept = arrays.Select(terms => terms.Where(t => reader.DocFreq(t) > 0).ToArray()).ToList();
        if (kept.Any(terms => terms.Length == 0)) return q; // some position matches nothing: so does the phrase
        if (kept.All(terms => terms.Length == 1))
        {
            var phrase = new PhraseQuery { Slop = q.Slop, Boost = q.Boost };
            for (var i = 0; i < kept.Count; i++) phrase.Add(kept[i][0], positions[i]);
            return phrase;
        }
        var multi = new MultiPhraseQuery { Slop = q.Slop, Boost = q.Boost };
        for (var i = 0; i < kept.Count; i++) multi.Add(kept[i], positions[i]);
        return multi;
    }

    private static Query Boosted(Query query, float boost)
    {
        if (boost == 1f) return query;
        var copy = (Query)query.Clone();
        copy.Boost *= boost;
        return copy;
    }
}
