using KnowledgeHub.Features.Forum;
using KnowledgeHub.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.CaseStudies;

public sealed record LibraryItem(Guid Id, string Title, string Country, string Organisation, List<string> Sectors, List<string> Themes,
    string Summary, string Language, DateTimeOffset? PublishedAt, Guid? FollowsId, bool Illustrative);

/// <summary>
/// The library: published case studies, filtered by country, sector and theme (a plain GET form and links, no script),
/// each filter listing only values that still have results, with counts; newest first, paged.
/// </summary>
[OutputCache(PolicyName = VisitorPagePolicy.Name, Tags = [CaseStudyWorkflow.CacheTag, VisitorPagePolicy.ContentTag])]
public sealed class IndexModel(IQuerySession session, IOptions<CaseStudyOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sector { get; set; }
    [BindProperty(SupportsGet = true)] public string? Theme { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<LibraryItem> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages { get; private set; } = 1;
    public IReadOnlyList<(string Value, int Count)> CountryCounts { get; private set; } = [];
    public IReadOnlyList<(string Value, int Count)> SectorCounts { get; private set; } = [];
    public IReadOnlyList<(string Value, int Count)> ThemeCounts { get; private set; } = [];
    public int AwaitingReview { get; private set; }
    public bool Filtered => !string.IsNullOrEmpty(Country) || !string.IsNullOrEmpty(Sector) || !string.IsNullOrEmpty(Theme);

    public async Task OnGetAsync(CancellationToken ct)
    {
        (Country, Sector, Theme) = (Norm(Country)?.ToUpperInvariant(), Norm(Sector), Norm(Theme)?.ToLowerInvariant());
        // Only the fields a card shows are read, not the sections and review history of every case study.
        var all = await session.Query<CaseStudy>().Where(c => c.Status == CaseStudyStatus.Published)
            .Select(c => new LibraryItem(c.Id, c.Title, c.Country, c.Organisation, c.Sectors, c.Themes, c.Summary, c.Language, c.PublishedAt, c.FollowsId, c.Illustrative))
            .ToListAsync(ct);

        bool Matches(LibraryItem i, bool country = true, bool sector = true, bool theme = true) =>
            (!country || Country is null || i.Country == Country) && (!sector || Sector is null || i.Sectors.Contains(Sector)) &&
            (!theme || Theme is null || i.Themes.Contains(Theme));

        // Each filter's counts apply the other filters, so every value offered leads to results.
        CountryCounts = Count(all.Where(i => Matches(i, country: false)).Select(i => i.Country));
        SectorCounts = Count(all.Where(i => Matches(i, sector: false)).SelectMany(i => i.Sectors));
        ThemeCounts = Count(all.Where(i => Matches(i, theme: false)).SelectMany(i => i.Themes));

        var matching = all.Where(i => Matches(i)).OrderByDescending(i => i.PublishedAt).ThenBy(i => i.Title, StringComparer.Ordinal).ToList();
        var size = Math.Max(1, options.Value.PageSize);
        Total = matching.Count;
        Pages = Math.Max(1, (Total + size - 1) / size);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Items = matching.Skip((PageNumber - 1) * size).Take(size).ToList();

        if (CaseStudyAccess.IsModerator(User))
            AwaitingReview = await session.Query<CaseStudy>().CountAsync(c => c.Status == CaseStudyStatus.UnderReview, ct);
    }

    private static IReadOnlyList<(string, int)> Count(IEnumerable<string> values) =>
        values.Where(v => v.Length > 0).GroupBy(v => v).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();

    private static string? Norm(string? value) => string.IsNullOrWhiteSpace(value) || value.Length > 60 ? null : value.Trim();

    /// <summary>This library address with one filter changed (null removes it), back on the first page.</summary>
    public string With(string name, string? value)
    {
        var values = new Dictionary<string, string?> { ["country"] = Country, ["sector"] = Sector, ["theme"] = Theme };
        values[name] = value;
        var query = string.Join("&", values.Where(kv => !string.IsNullOrEmpty(kv.Value)).Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value!)}"));
        return "/case-studies" + (query.Length > 0 ? "?" + query : "");
    }

    public string PageLink(int page) => With("p", null) is var baseUrl && page > 1 ? baseUrl + (baseUrl.Contains('?') ? "&" : "?") + "p=" + page : With("p", null);
}
