using System.Security.Claims;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Marten;
using Microsoft.Extensions.Caching.Memory;

namespace KnowledgeHub.Infrastructure.Search;

public enum SearchSort { Relevance, Newest }

public sealed record SearchRequest
{
    public string? Query { get; init; }
    public string? Type { get; init; }
    public string? Space { get; init; }
    public string? Tag { get; init; }
    public string? Sector { get; init; }
    public string? Country { get; init; }
    public string? Language { get; init; }
    public string? Author { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public SearchSort Sort { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 10;

    /// <summary>
    /// The request from query-string values, as the page and the API both take them. Dates are yyyy-MM-dd; the names of
    /// those that are not ("from", "to") come back in <paramref name="badDates"/> and are left out of the request.
    /// </summary>
    public static SearchRequest Create(string? q, string? type, string? space, string? tag, string? sector, string? country, string? lang,
        string? author, string? from, string? to, string? sort, int? page, out IReadOnlyList<string> badDates)
    {
        var bad = new List<string>();
        DateOnly? Date(string name, string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", out var d)) return d;
            bad.Add(name);
            return null;
        }
        var request = new SearchRequest
        {
            Query = q, Type = type, Space = space, Tag = tag, Sector = sector, Country = country, Language = lang, Author = author,
            From = Date("from", from), To = Date("to", to), Page = page ?? 1,
            Sort = string.Equals(sort, "newest", StringComparison.OrdinalIgnoreCase) ? SearchSort.Newest : SearchSort.Relevance,
        };
        badDates = bad;
        return request;
    }

    public bool HasFilters => new[] { Type, Space, Tag, Sector, Country, Language, Author }.Any(v => !string.IsNullOrWhiteSpace(v)) || From is not null || To is not null;
    public bool IsEmpty => string.IsNullOrWhiteSpace(Query) && !HasFilters;

    /// <summary>The active filter per facet field (the facet counts of each field ignore that field's own filter).</summary>
    public IReadOnlyDictionary<string, string> FacetFilters()
    {
        var filters = new Dictionary<string, string>();
        void Add(string field, string? value) { if (!string.IsNullOrWhiteSpace(value)) filters[field] = value.Trim(); }
        Add(SearchFields.Type, Type); Add(SearchFields.Space, Space); Add(SearchFields.Tags, Tag?.ToLowerInvariant());
        Add(SearchFields.Sector, Sector); Add(SearchFields.Country, Country); Add(SearchFields.Language, Language); Add(SearchFields.Author, Author);
        return filters;
    }
}

public sealed record SearchHit(string Key, string Type, string Title, string Url, string SnippetHtml, string? SpaceId, string? SpaceName,
    string? AuthorName, string? Language, IReadOnlyList<string> Tags, DateTimeOffset Date);

public sealed record FacetCount(string Value, int Count);

public enum SearchNotice { None, LiteralFallback, TooLong, NothingToSearch, IndexBuilding }

/// <param name="FacetCountsApproximate">The facet counts are estimates from a sample (a query matching a large part of the index).</param>
public sealed record SearchResults(int Total, IReadOnlyList<SearchHit> Hits, IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets,
    SearchNotice Notice, int Page, int Pages, bool FacetCountsApproximate = false)
{
    public static readonly SearchResults Empty = new(0, [], new Dictionary<string, IReadOnlyList<FacetCount>>(), SearchNotice.None, 1, 1);
}

public sealed record Suggestion(string Title, string Url);

/// <summary>
/// Answers searches: parses what was typed (never failing on broken syntax), restricts it to what the member may see
/// inside the Lucene query itself (so counts, facets, snippets and suggestions never reveal anything else), counts
/// facets, and cuts highlighted snippets.
/// </summary>
public sealed class SearchService(SearchIndex index, IEnumerable<ISearchAudienceProvider> audiences, IQuerySession session,
    Microsoft.Extensions.Caching.Memory.IMemoryCache cache)
{
    public const int MaxQueryLength = 500;
    public const int MaxPage = 100;
    /// <summary>Fields a query may name: the text and the title; internal fields (acl:, key:, group:) never.</summary>
    private static readonly HashSet<string> UserFields = [.. SearchAnalysis.QueryFields];

    public async Task<IReadOnlyList<string>> AudienceAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.Identity?.IsAuthenticated != true) return SearchAudience.For(user, []);
        var more = new List<string>();
        foreach (var provider in audiences) more.AddRange(await provider.KeysForAsync(user, session, ct));
        return SearchAudience.For(user, more).Distinct().ToList();
    }

    public async Task<SearchResults> SearchAsync(SearchRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.IsEmpty) return SearchResults.Empty with { Notice = SearchNotice.NothingToSearch };
        if (!index.IsReady) return SearchResults.Empty with { Notice = SearchNotice.IndexBuilding };
        var audience = await AudienceAsync(user, ct);
        return Search(request, audience);
    }

    /// <summary>The search itself, for a known audience, on the latest published reader.</summary>
    public SearchResults Search(SearchRequest request, IReadOnlyList<string> audience) => index.WithSearcher(searcher => Search(searcher, request, audience));

    /// <summary>The search on a given searcher (also what the benchmarks call, on an index they built themselves).</summary>
    public static SearchResults Search(IndexSearcher searcher, SearchRequest request, IReadOnlyList<string> audience)
    {
        var notice = SearchNotice.None;
        var text = request.Query?.Trim() ?? "";
        if (text.Length > MaxQueryLength) { text = text[..MaxQueryLength]; notice = SearchNotice.TooLong; }
        Query? userQuery = null;
        if (text.Length > 0)
        {
            (userQuery, var literal) = Parse(text);
            if (literal) notice = notice == SearchNotice.None ? SearchNotice.LiteralFallback : notice;
            if (userQuery is null) return SearchResults.Empty with { Notice = SearchNotice.NothingToSearch };
            userQuery = QueryAlternatives.Prune(userQuery, searcher.IndexReader);
        }

        var query = userQuery ?? new MatchAllDocsQuery();
        var from = request.From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks ?? long.MinValue;
        var to = request.To?.ToDateTime(TimeOnly.MaxValue, DateTimeKind.Utc).Ticks ?? long.MaxValue;

        var page = Math.Clamp(request.Page, 1, MaxPage);
        var size = Math.Clamp(request.PageSize, 1, 50);
        var sortByDate = request.Sort == SearchSort.Newest || userQuery is null;
        var terms = userQuery is null ? null : QueryTerms.From(userQuery);
        // Equal scores are ordered newest first, not by internal document order (which differs between a live index
        // and a rebuilt one, whose writing threads add documents in parallel).
        var filters = request.FacetFilters();
        var parts = SearchSlices.Search(searcher, query, audience, () => new FacetCollector(new BestHits(page * size, sortByDate), filters, from, to));
        var total = parts.Sum(p => p.Total);
        var docs = BestHits.Merge([.. parts.Select(p => p.Hits)], (page - 1) * size, size);
        var hits = new SearchHit[docs.Count];
        void Hits(int first, int end) { for (var i = first; i < end; i++) hits[i] = Hit(searcher, docs[i], terms); }
        SearchSlices.InParallelWhenIdle(() => Hits(0, docs.Count / 2), () => Hits(docs.Count / 2, docs.Count)); // a snippet is a stored-document read and an analysis
        var pages = Math.Max(1, Math.Min(MaxPage, (total + size - 1) / size));
        return new SearchResults(total, hits, FacetCollector.Counts(parts), notice, page, pages, parts.Any(p => p.Approximate));
    }

    /// <summary>Titles that complete what is being typed, among what the member may see.</summary>
    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(string? typed, ClaimsPrincipal user, int max, CancellationToken ct)
    {
        typed = typed?.Trim() ?? "";
        if (typed.Length < 2 || typed.Length > 200 || !index.IsReady) return [];
        var audience = await AudienceAsync(user, ct);
        var tokens = Analyze(SearchAnalysis.TitleField, typed);
        if (tokens.Count == 0) return [];
        var title = new BooleanQuery();
        for (var i = 0; i < tokens.Count; i++)
        {
            var term = new Term(SearchAnalysis.TitleField, tokens[i]);
            title.Add(i == tokens.Count - 1 && !char.IsWhiteSpace(typed[^1]) ? new PrefixQuery(term) : new TermQuery(term), Occur.MUST);
        }
        return index.WithSearcher(searcher => Suggestions(searcher, Top(searcher, title, audience, max * 4), max));
    }

    /// <summary>
    /// Items like the given text (MoreLikeThis over the text field: the text's most telling words and stems), among what the member may see; one per group,
    /// leaving out <paramref name="excludeGroup"/> (the thread being read).
    /// </summary>
    public async Task<IReadOnlyList<Suggestion>> SimilarAsync(string text, string? excludeGroup, IReadOnlyCollection<string>? types, ClaimsPrincipal user, int max, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(text) || !index.IsReady ? [] : Similar(text, excludeGroup, types, await AudienceAsync(user, ct), max);

    private IReadOnlyList<Suggestion> Similar(string text, string? excludeGroup, IReadOnlyCollection<string>? types, IReadOnlyList<string> audience, int max) =>
        index.WithSearcher(searcher =>
        {
            var mlt = new Lucene.Net.Queries.Mlt.MoreLikeThis(searcher.IndexReader)
            {
                Analyzer = SearchAnalysis.Analyzer, FieldNames = [SearchAnalysis.TextField], MinTermFreq = 1, MinDocFreq = 1, MinWordLen = 2,
                MaxQueryTerms = 25,
            };
            var like = mlt.Like(new StringReader(text.Length > 20_000 ? text[..20_000] : text), SearchAnalysis.TextField);
            if (like is BooleanQuery { Clauses.Count: 0 }) return [];
            var query = new BooleanQuery { { like, Occur.MUST } };
            if (excludeGroup is not null) query.Add(new TermQuery(new Term(SearchFields.Group, excludeGroup)), Occur.MUST_NOT);
            if (types is { Count: > 0 })
            {
                var typeQuery = new BooleanQuery();
                foreach (var type in types) typeQuery.Add(new TermQuery(new Term(SearchFields.Type, type)), Occur.SHOULD);
                query.Add(typeQuery, Occur.MUST);
            }
            return Suggestions(searcher, Top(searcher, query, audience, max * 5), max);
        });

    /// <summary>
    /// Threads like the one being read (its title and opening post, as indexed), cached for a few minutes per thread and
    /// audience so a busy thread page does not run MoreLikeThis on every view.
    /// </summary>
    public IReadOnlyList<Suggestion> SimilarToGroup(string group, IReadOnlyList<string> audience, int max)
    {
        if (!index.IsReady) return [];
        var key = $"similar:{group}:{string.Join(',', audience)}";
        if (cache.TryGetValue(key, out IReadOnlyList<Suggestion>? cached)) return cached!;
        var text = index.WithSearcher(searcher =>
        {
            var query = new BooleanQuery { { new TermQuery(new Term(SearchFields.Group, group)), Occur.MUST }, { new TermQuery(new Term(SearchFields.Type, "thread")), Occur.MUST } };
            var top = searcher.Search(query, 1);
            if (top.TotalHits == 0) return null;
            var d = searcher.Doc(top.ScoreDocs[0].Doc);
            return d.Get(SearchAnalysis.TitleField) + "\n" + d.Get(SearchFields.Body);
        });
        IReadOnlyList<Suggestion> similar = text is null ? [] : Similar(text, group, ["thread", "reply"], audience, max);
        cache.Set(key, similar, TimeSpan.FromMinutes(5));
        return similar;
    }

    /// <summary>The first <paramref name="max"/> groups (threads, …) among <paramref name="found"/>, each by its title and address.</summary>
    private static IReadOnlyList<Suggestion> Suggestions(IndexSearcher searcher, TopDocs found, int max) =>
        found.ScoreDocs.Select(sd => searcher.Doc(sd.Doc))
            .DistinctBy(d => d.Get(SearchFields.Group))
            .Select(d => new Suggestion(d.Get(SearchAnalysis.TitleField), GroupUrl(d)))
            .Take(max).ToList();

    /// <summary>The best <paramref name="n"/> matches among what the audience may see.</summary>
    private static TopDocs Top(IndexSearcher searcher, Query query, IReadOnlyList<string> audience, int n)
    {
        var top = TopScoreDocCollector.Create(n, false);
        VisibilityFilter.Search(searcher, query, audience, top);
        return top.GetTopDocs();
    }

    /// <summary>
    /// Parses with the full syntax (phrases, AND/OR/NOT, prefix*, title:); anything the parser refuses is searched as
    /// literal words instead. Returns null when nothing searchable is left (only punctuation or operators).
    /// </summary>
    public static (Query? Query, bool Literal) Parse(string text)
    {
        try
        {
            var parsed = Parser().Parse(text);
            return (IsEmpty(parsed) ? null : parsed, false);
        }
        catch (Exception e) when (e is not OutOfMemoryException) // ParseException, TokenMgrError, TooManyClauses, …
        {
            try
            {
                var literal = Parser().Parse(QueryParserBase.Escape(text).Replace("AND", "and").Replace("OR", "or").Replace("NOT", "not"));
                return (IsEmpty(literal) ? null : literal, true);
            }
            catch (Exception) { return (null, true); }
        }
    }

    private static bool IsEmpty(Query query) => query is BooleanQuery { Clauses.Count: 0 };

    private static UserQueryParser Parser() => new() { DefaultOperator = Operator.AND, AutoGeneratePhraseQueries = true, AllowLeadingWildcard = false };

    /// <summary>Words search the text field; only title: and text: can be named, any other "word:" is read as plain words.</summary>
    private sealed class UserQueryParser() : QueryParser(SearchAnalysis.Version, SearchAnalysis.TextField, SearchAnalysis.Analyzer)
    {
        protected override Query GetFieldQuery(string field, string queryText, bool quoted) =>
            field is null || UserFields.Contains(field) ? base.GetFieldQuery(field!, queryText, quoted) : base.GetFieldQuery(SearchAnalysis.TextField, field + " " + queryText, quoted);

        protected override Query GetFieldQuery(string field, string queryText, int slop) =>
            field is null || UserFields.Contains(field) ? base.GetFieldQuery(field!, queryText, slop) : base.GetFieldQuery(SearchAnalysis.TextField, field + " " + queryText, slop);

        protected override Query GetPrefixQuery(string field, string termStr) =>
            field is null || UserFields.Contains(field) ? base.GetPrefixQuery(field!, termStr) : base.GetFieldQuery(SearchAnalysis.TextField, field + " " + termStr, false);

        protected override Query GetWildcardQuery(string field, string termStr) =>
            field is null || UserFields.Contains(field) ? base.GetWildcardQuery(field!, termStr) : base.GetFieldQuery(SearchAnalysis.TextField, field + " " + termStr, false);

        protected override Query GetFuzzyQuery(string field, string termStr, float minSimilarity) =>
            field is null || UserFields.Contains(field) ? base.GetFuzzyQuery(field!, termStr, minSimilarity) : base.GetFieldQuery(SearchAnalysis.TextField, field + " " + termStr, false);

        protected override Query GetRangeQuery(string field, string part1, string part2, bool startInclusive, bool endInclusive) =>
            base.GetFieldQuery(SearchAnalysis.TextField, part1 + " " + part2, false);
    }

    private static List<string> Analyze(string field, string text)
    {
        var tokens = new List<string>();
        using var stream = SearchAnalysis.Analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken() && tokens.Count < 20) tokens.Add(term.ToString());
        stream.End();
        return tokens;
    }

    private static SearchHit Hit(IndexSearcher searcher, int docId, QueryTerms? terms)
    {
        var d = searcher.Doc(docId);
        var body = d.Get(SearchFields.Body) ?? "";
        var language = d.Get(SearchFields.Language);
        var snippet = Snippets.Make(body, terms ?? QueryTerms.From(null), SearchAnalysis.ForLanguage(language), TextFields);
        return new SearchHit(d.Get(SearchFields.Key), d.Get(SearchFields.Type), d.Get(SearchAnalysis.TitleField), d.Get(SearchFields.Url), snippet,
            d.Get(SearchFields.Space), d.Get(SearchFields.SpaceName), d.Get(SearchFields.AuthorName), language, d.GetValues(SearchFields.Tags),
            new DateTimeOffset(long.Parse(d.Get(SearchFields.Date)), TimeSpan.Zero));
    }

    private static readonly string[] TextFields = [SearchAnalysis.TextField];

    private static string GroupUrl(Lucene.Net.Documents.Document d)
    {
        var url = d.Get(SearchFields.Url);
        var hash = url.IndexOf('#');
        var query = url.IndexOf('?');
        var cut = new[] { hash, query }.Where(i => i >= 0).DefaultIfEmpty(url.Length).Min();
        return url[..cut];
    }
}
