using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Search;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Search;

/// <summary>The search page: a plain GET form (works without JavaScript), results with snippets, facet links, paging.</summary>
public sealed class SearchModel(SearchService search, IQuerySession session, ForumReadCache reads) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? Space { get; set; }
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sector { get; set; }
    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }
    [BindProperty(SupportsGet = true)] public string? Author { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public SearchRequest Search { get; private set; } = new();
    public SearchResults Results { get; private set; } = SearchResults.Empty;
    public IReadOnlyDictionary<string, string> SpaceNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> AuthorNames { get; private set; } = new Dictionary<string, string>();
    public bool BadDate { get; private set; }

    private sealed record AuthorName(Guid Id, string Name);

    public static readonly string[] Types = ["thread", "reply", "case-study", "course", "lesson", "event", "member"];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Search = SearchRequest.Create(Q, Type, Space, Tag, Sector, Country, Lang, Author, From, To, Sort, PageNumber, out var badDates);
        BadDate = badDates.Count > 0;
        Results = await search.SearchAsync(Search, User, ct);
        SpaceNames = (await session.ReadableSpacesAsync(User, ct, cache: reads)).ToDictionary(s => s.Id, s => s.Name);
        var authorIds = Results.Facets.GetValueOrDefault(SearchFields.Author, []).Select(f => Guid.TryParse(f.Value, out var g) ? g : Guid.Empty)
            .Append(Guid.TryParse(Author, out var a) ? a : Guid.Empty).Where(g => g != Guid.Empty).Distinct().ToArray();
        AuthorNames = await AuthorNamesAsync(authorIds, ct);
    }

    /// <summary>The names of the authors in the facets: kept ones, and the rest read (names only: whole member documents cost a quarter of the page).</summary>
    private async Task<Dictionary<string, string>> AuthorNamesAsync(Guid[] ids, CancellationToken ct)
    {
        var names = new Dictionary<string, string>();
        var missing = new List<Guid>();
        foreach (var id in ids)
            if (reads.TryGet<string>(ForumReadCache.Key.MemberName(id), out var name) && name is not null) names[id.ToString()] = name;
            else missing.Add(id);
        if (missing.Count == 0) return names;
        var stamp = reads.Stamp();
        var wanted = missing.ToArray();
        foreach (var (id, name) in await session.Query<Member>().Where(m => wanted.Contains(m.Id)).Select(m => new AuthorName(m.Id, m.Name)).ToListAsync(ct))
        {
            names[id.ToString()] = name;
            reads.Keep(ForumReadCache.Key.MemberName(id), name, stamp);
        }
        return names;
    }

    /// <summary>This search's address with one parameter changed (null removes it); the page resets to 1 unless it is the page.</summary>
    public string With(string name, string? value)
    {
        var values = new Dictionary<string, string?>
        {
            ["q"] = Q, ["type"] = Type, ["space"] = Space, ["tag"] = Tag, ["sector"] = Sector, ["country"] = Country, ["lang"] = Lang,
            ["author"] = Author, ["from"] = From, ["to"] = To, ["sort"] = Sort, ["p"] = null,
        };
        values[name] = value;
        var query = string.Join("&", values.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value!)}"));
        return "/search" + (query.Length > 0 ? "?" + query : "");
    }

    /// <summary>The query-string name of each facet field.</summary>
    public static string ParameterOf(string field) => field switch
    {
        SearchFields.Language => "lang",
        SearchFields.Tags => "tag",
        _ => field,
    };

    public string? Selected(string field) => field switch
    {
        SearchFields.Type => Type, SearchFields.Space => Space, SearchFields.Tags => Tag, SearchFields.Sector => Sector,
        SearchFields.Country => Country, SearchFields.Language => Lang, SearchFields.Author => Author, _ => null,
    };

    public static string LanguageName(string? tag) =>
        PostText.ContentLanguages.FirstOrDefault(l => l.Tag == tag).Name ?? tag ?? "";

    /// <summary>An estimate rounded to two significant figures (12,345 → 12,000), so it does not look exact.</summary>
    public static int TwoFigures(int n)
    {
        if (n < 100) return n;
        var scale = Math.Pow(10, Math.Floor(Math.Log10(n)) - 1);
        return (int)(Math.Round(n / scale) * scale);
    }
}
