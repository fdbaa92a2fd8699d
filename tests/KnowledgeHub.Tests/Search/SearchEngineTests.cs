using KnowledgeHub.Infrastructure.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace KnowledgeHub.Tests.Search;

/// <summary>The query path on an index in memory: the visibility filter and its cache, and facet counts past the exact range.</summary>
public sealed class SearchEngineTests
{
    private static readonly string[] Countries = ["NP", "BD", "PK", "MN", "KH"];
    private static readonly string[] Everyone = [SearchAudience.Everyone];
    private static readonly string[] Steering = [SearchAudience.Everyone, SearchAudience.Members, SearchAudience.Space("steering")];

    private static SearchDocument Post(int i, string audience, string space, string word = "playgroup") => new()
    {
        Key = $"post:{i}", Group = $"thread:{i / 10}", Type = i % 10 == 0 ? "thread" : "reply", Title = $"Thread {i / 10}",
        Body = $"{word} notes number {i}", Url = $"/t/{i / 10}#p{i % 10 + 1}", Date = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
        Audience = [audience], Language = "en", SpaceId = space, SpaceName = space, Country = Countries[i % Countries.Length], Tags = i % 3 == 0 ? ["nutrition"] : [],
    };

    private static IndexWriter Writer(Lucene.Net.Store.Directory directory) => new(directory, SearchIndex.WriterConfig());

    [Fact]
    public void Past_the_exact_range_facet_counts_are_estimates_close_to_the_truth_while_the_total_stays_exact()
    {
        using var directory = new RAMDirectory();
        const int count = 30_000;
        using (var writer = Writer(directory))
        {
            var mapper = new SearchFields.DocumentMapper();
            for (var i = 0; i < count; i++) writer.AddDocument(mapper.Map(Post(i, SearchAudience.Everyone, "peer-learning", i < 3000 ? "playgroup lantern" : "playgroup")));
            writer.Commit();
        }
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);

        var all = SearchService.Search(searcher, new SearchRequest { Query = "playgroup" }, Everyone);
        Assert.Equal(count, all.Total);
        Assert.True(all.FacetCountsApproximate);
        foreach (var country in all.Facets[SearchFields.Country])
            Assert.InRange(country.Count, count / Countries.Length * 0.9, count / Countries.Length * 1.1);
        Assert.InRange(all.Facets[SearchFields.Tags].Single().Count, count / 3 * 0.9, count / 3 * 1.1);

        // Filters are applied to every document, not to the sample.
        var nepal = SearchService.Search(searcher, new SearchRequest { Query = "playgroup", Country = "NP" }, Everyone);
        Assert.Equal(count / Countries.Length, nepal.Total);

        // A small result set (with what each filter alone leaves out, for the other values' counts) is counted exactly.
        var few = SearchService.Search(searcher, new SearchRequest { Query = "lantern", Country = "NP", Tag = "nutrition" }, Everyone);
        Assert.False(few.FacetCountsApproximate);
        Assert.Equal(3000 / Countries.Length / 3, few.Total);
        Assert.Equal(few.Total, few.Facets[SearchFields.Country].Single(f => f.Value == "NP").Count);
    }

    [Fact]
    public void Estimated_counts_never_include_what_the_asker_may_not_see()
    {
        using var directory = new RAMDirectory();
        using (var writer = Writer(directory))
        {
            var mapper = new SearchFields.DocumentMapper();
            for (var i = 0; i < 20_000; i++)
                writer.AddDocument(mapper.Map(i % 4 == 0 ? Post(i, SearchAudience.Space("steering"), "steering") : Post(i, SearchAudience.Everyone, "peer-learning")));
            writer.Commit();
        }
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);

        var visitor = SearchService.Search(searcher, new SearchRequest { Query = "playgroup" }, Everyone);
        Assert.True(visitor.FacetCountsApproximate);
        Assert.Equal(15_000, visitor.Total);
        Assert.Equal(["peer-learning"], visitor.Facets[SearchFields.Space].Select(f => f.Value));
        Assert.Empty(SearchService.Search(searcher, new SearchRequest { Query = "playgroup", Space = "steering" }, Everyone).Hits);

        var member = SearchService.Search(searcher, new SearchRequest { Query = "playgroup" }, Steering);
        Assert.Equal(20_000, member.Total);
        Assert.Contains(member.Facets[SearchFields.Space], f => f.Value == "steering");
    }

    [Fact]
    public void A_document_moved_to_a_private_space_disappears_for_outsiders_although_its_old_segment_is_cached()
    {
        using var directory = new RAMDirectory();
        using var writer = Writer(directory);
        var mapper = new SearchFields.DocumentMapper();
        // Enough public documents that the public key is cached as a set of its own.
        for (var i = 0; i < 500; i++) writer.AddDocument(mapper.Map(Post(i, SearchAudience.Everyone, "peer-learning", i == 7 ? "lantern" : "playgroup")));
        writer.Commit();
        using var manager = new SearcherManager(writer, true, null);

        int Found(string[] audience)
        {
            manager.MaybeRefreshBlocking();
            var searcher = manager.Acquire();
            try { return SearchService.Search(searcher, new SearchRequest { Query = "lantern" }, audience).Total; }
            finally { manager.Release(searcher); }
        }

        Assert.Equal(1, Found(Everyone));
        writer.UpdateDocument(new Term(SearchFields.Key, "post:7"), mapper.Map(Post(7, SearchAudience.Space("steering"), "steering", "lantern")));
        writer.Commit();
        Assert.Equal(0, Found(Everyone));
        Assert.Equal(1, Found(Steering));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_search_split_in_two_halves_finds_counts_and_orders_exactly_what_one_piece_does(bool oneSegment)
    {
        using var directory = new RAMDirectory();
        using (var writer = Writer(directory))
        {
            var mapper = new SearchFields.DocumentMapper();
            for (var i = 0; i < 3000; i++)
            {
                // Several segments, or one (then the halves cut it at a document).
                writer.AddDocument(mapper.Map(i % 7 == 0 ? Post(i, SearchAudience.Space("steering"), "steering", "lantern playgroup") : Post(i, SearchAudience.Everyone, "peer-learning", i % 3 == 0 ? "lantern" : "playgroup")));
                if (!oneSegment && i % 500 == 499) writer.Commit();
            }
            if (oneSegment) writer.ForceMerge(1);
            writer.Commit();
        }
        using var reader = DirectoryReader.Open(directory);
        Assert.Equal(oneSegment ? 1 : 6, reader.Leaves.Count);
        var searcher = new IndexSearcher(reader);

        foreach (var (text, newest, audience) in new[] { ("lantern", false, Everyone), ("playgroup OR lantern", false, Steering), ("notes", true, Steering), ("\"playgroup notes\"", false, Everyone) })
        {
            var query = QueryAlternatives.Prune(SearchService.Parse(text).Query!, reader);
            var filters = new Dictionary<string, string> { [SearchFields.Country] = "NP" };
            FacetCollector New() => new(new BestHits(40, newest), filters);
            var whole = SearchSlices.Search(searcher, query, audience, New, split: false);
            var halves = SearchSlices.Search(searcher, query, audience, New, split: true);
            Assert.Single(whole);
            Assert.Equal(2, halves.Count);
            Assert.True(whole[0].Total > 40);
            Assert.Equal(whole[0].Total, halves.Sum(h => h.Total));
            Assert.Equal(BestHits.Merge([whole[0].Hits], 0, 40), BestHits.Merge([.. halves.Select(h => h.Hits)], 0, 40));
            Assert.Equal(BestHits.Merge([whole[0].Hits], 20, 10), BestHits.Merge([.. halves.Select(h => h.Hits)], 20, 10));
            var expected = FacetCollector.Counts(whole);
            var actual = FacetCollector.Counts(halves);
            foreach (var field in expected.Keys) Assert.Equal(expected[field], actual[field]);
        }
    }

    [Fact]
    public void The_search_similarity_scores_every_document_exactly_as_Lucenes_default_does()
    {
        using var directory = new RAMDirectory();
        var random = new Random(3);
        string[] words = ["playgroup", "playgroups", "lantern", "notes", "village", "mothers", "reading", "kader", "posyandu"];
        using (var writer = Writer(directory))
        {
            var mapper = new SearchFields.DocumentMapper();
            for (var i = 0; i < 2000; i++)
            {
                // Texts of many lengths and word counts (norms and frequencies), a few in another language, in several segments.
                var body = string.Join(' ', Enumerable.Range(0, random.Next(1, 120)).Select(_ => words[random.Next(words.Length)]));
                writer.AddDocument(mapper.Map(Post(i, SearchAudience.Everyone, "peer-learning", body) with { Language = i % 9 == 0 ? "id" : "en", Title = words[i % words.Length] + " thread" }));
                if (i % 700 == 699) writer.Commit();
            }
            writer.Commit();
        }
        using var reader = DirectoryReader.Open(directory);
        var lucene = new IndexSearcher(reader);
        var ours = new SearcherWarmer().NewSearcher(reader);
        Assert.Same(SearchSimilarity.Instance, ours.Similarity);
        foreach (var text in new[] { "playgroup", "lantern notes", "lantern OR village OR mothers", "\"reading notes\"", "\"notes village\"~3", "play*", "title:lantern^3 OR notes", "kader -mothers", "posyandu" })
        {
            var query = QueryAlternatives.Prune(SearchService.Parse(text).Query!, reader);
            var expected = lucene.Search(query, 2000).ScoreDocs;
            var actual = ours.Search(query, 2000).ScoreDocs;
            Assert.NotEmpty(expected);
            Assert.Equal(expected.Select(d => (d.Doc, BitConverter.SingleToInt32Bits(d.Score))), actual.Select(d => (d.Doc, BitConverter.SingleToInt32Bits(d.Score))));
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Terms_scored_from_their_postings_find_order_score_and_count_exactly_what_Lucenes_scorers_do(bool oneSegment, bool deletions)
    {
        using var directory = new RAMDirectory();
        var random = new Random(11);
        string[] words = ["playgroup", "playgroups", "lantern", "notes", "village", "mothers", "reading", "kader", "posyandu", "bermain"];
        using (var writer = Writer(directory))
        {
            var mapper = new SearchFields.DocumentMapper();
            for (var i = 0; i < 12_000; i++)
            {
                // Common and rare words, many lengths (norms) and frequencies, two languages (a word's alternatives), private posts,
                // more candidates than the facets count exactly, and several segments or one (then cut in two by a split search).
                var body = string.Join(' ', Enumerable.Range(0, random.Next(1, 60)).Select(_ => words[(int)Math.Min(words.Length - 1, random.NextDouble() * random.NextDouble() * words.Length)]));
                var audience = i % 13 == 0 ? SearchAudience.Space("steering") : i % 17 == 0 ? SearchAudience.Space("hidden") : SearchAudience.Everyone;
                writer.AddDocument(mapper.Map(Post(i, audience, audience == SearchAudience.Everyone ? "peer-learning" : "private", body)
                    with { Language = i % 9 == 0 ? "id" : "en", Title = words[i % words.Length] + " thread" }));
                if (!oneSegment && i % 2500 == 2499) writer.Commit();
            }
            if (oneSegment) writer.ForceMerge(1);
            // Deleted documents: the visible set is then no plain bit set, and the postings are read instead of dense ones.
            if (deletions) writer.DeleteDocuments(new Term(SearchFields.Group, "thread:7"));
            writer.Commit();
        }
        using var reader = DirectoryReader.Open(directory);
        var searcher = new SearcherWarmer().NewSearcher(reader);
        // A large segment keeps its commonest terms' postings in memory; small ones do not.
        Assert.Equal(oneSegment, DenseTerm.For(reader.Leaves[0].AtomicReader, new Term(SearchAnalysis.TextField, "playgroup")) is not null);
        Assert.Equal(deletions, reader.HasDeletions);
        var filters = new Dictionary<string, string>[] { [], new() { [SearchFields.Country] = "NP" } };
        foreach (var text in new[] { "playgroup", "posyandu", "bermain", "playgroups", "lantern OR village OR mothers", "title:lantern^3 OR notes", "reading OR kader^2", "lantern notes", "playgroup mothers village", "title:reading^2 notes", "nothing-like-it",
            "playgroup OR nothing-like-it", "playgroup nothing-like-it" })
        foreach (var newest in new[] { false, true })
        foreach (var filter in filters)
        foreach (var split in new[] { false, true })
        {
            var query = QueryAlternatives.Prune(SearchService.Parse(text).Query!, reader);
            Assert.True(text.Contains("nothing") || TermScoring.For(searcher, query) is not null, text); // the path under test
            FacetCollector New() => new(new BestHits(200, newest), filter);
            // Hits and scores as Lucene finds them in one piece (a segment cut in two is cut at a window of alternatives, and
            // its second part scored as in the whole, where Lucene's in-order scorer would sum in another order).
            var whole = SearchSlices.Search(searcher, query, Steering, New, split: false, direct: false);
            var lucene = SearchSlices.Search(searcher, query, Steering, New, split, direct: false);
            var direct = SearchSlices.Search(searcher, query, Steering, New, split, direct: true);
            Assert.Equal(whole.Sum(p => p.Total), direct.Sum(p => p.Total));
            Assert.Equal(BestHits.Ranked([.. whole.Select(p => p.Hits)]).Take(200).Select(h => (h.Doc, BitConverter.SingleToInt32Bits(h.Score))),
                BestHits.Ranked([.. direct.Select(p => p.Hits)]).Take(200).Select(h => (h.Doc, BitConverter.SingleToInt32Bits(h.Score))));
            // Facets as Lucene's scorers count them in the same parts (each part samples its own candidates, in the order
            // its scorer gives them: the same unless a part of alternatives starts inside a segment, when only exact counts compare).
            Assert.Equal(lucene.Any(p => p.Approximate), direct.Any(p => p.Approximate));
            if (!split || !direct.Any(p => p.Approximate))
            {
                var expected = FacetCollector.Counts(lucene);
                var actual = FacetCollector.Counts(direct);
                foreach (var field in expected.Keys) Assert.Equal(expected[field], actual[field]);
            }
        }
        Assert.True(SearchSlices.Search(searcher, new TermQuery(new Term(SearchAnalysis.TextField, "playgroup")), Steering, () => new FacetCollector(new BestHits(10, false), filters[0]))
            .Sum(p => p.Total) > FacetCollector.ExactCandidates); // facet counts past the exact range were compared too
    }
}
