using KnowledgeHub.Features.Api;
using KnowledgeHub.Infrastructure.Search;

namespace KnowledgeHub.Features.Search;

/// <summary>
/// /api/search: the same results as the search page (same parameters, same visibility), plus suggestions while typing
/// and similar threads for a title. Visitors get what visitors may see; a token (or the signed-in cookie, for the page's
/// own script) adds what its member may see.
/// </summary>
public static class SearchApi
{
    public sealed record HitDto(string Type, string Title, string Url, string Snippet, string? Space, string? SpaceName, string? Author,
        string? Language, IReadOnlyList<string> Tags, DateTimeOffset Date);
    public sealed record ResultsDto(string? Query, int Total, int Page, int Pages, string? Notice, IReadOnlyList<HitDto> Hits,
        IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets, bool FacetCountsApproximate);

    public static WebApplication MapSearchApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/search").RequireRateLimiting(ForumApi.RateLimitPolicy).WithTags("Search");

        api.MapGet("", async (string? q, string? type, string? space, string? tag, string? sector, string? country, string? lang, string? author,
            string? from, string? to, string? sort, int? page, HttpContext http, SearchService search, CancellationToken ct) =>
        {
            if (await CallerAsync(http) is not { } user) return Results.Unauthorized();
            var request = SearchRequest.Create(q, type, space, tag, sector, country, lang, author, from, to, sort, page, out var badDates);
            if (badDates.Count > 0) return Results.ValidationProblem(badDates.ToDictionary(name => name, name => new[] { $"{name} must be a date written yyyy-MM-dd." }));
            var r = await search.SearchAsync(request, user, ct);
            return Results.Ok(new ResultsDto(q, r.Total, r.Page, r.Pages, r.Notice == SearchNotice.None ? null : r.Notice.ToString(),
                r.Hits.Select(h => new HitDto(h.Type, h.Title, h.Url, h.SnippetHtml, h.SpaceId, h.SpaceName, h.AuthorName, h.Language, h.Tags, h.Date)).ToList(),
                r.Facets, r.FacetCountsApproximate));
        }).WithSummary("Search everything the caller may read: free text (phrases, AND/OR, prefix*), filters, facet counts and highlighted snippets (HTML with <mark>); past a few thousand matches the facet counts are estimates (facetCountsApproximate)");

        api.MapGet("/suggest", async (string? q, HttpContext http, SearchService search, CancellationToken ct) =>
            await CallerAsync(http) is not { } user ? Results.Unauthorized() : Results.Ok(await search.SuggestAsync(q, user, 8, ct)))
            .WithSummary("Titles completing what is being typed");

        api.MapGet("/similar", async (string? title, HttpContext http, SearchService search, CancellationToken ct) =>
            await CallerAsync(http) is not { } user ? Results.Unauthorized()
            : title is null ? Results.Ok(Array.Empty<Suggestion>())
            : Results.Ok(await search.SimilarAsync(title.Length > 300 ? title[..300] : title, null, ["thread", "reply"], user, 5, ct)))
            .WithSummary("Threads like a title being written (\"before you post\")");
        return app;
    }

    /// <summary>The token's member; else the signed-in member of the page's own script; else a visitor. Null for a bad token.</summary>
    private static async Task<System.Security.Claims.ClaimsPrincipal?> CallerAsync(HttpContext http)
    {
        if (http.Request.Headers.Authorization.Count > 0) return await ForumApi.CallerAsync(http);
        return http.User;
    }
}
