using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Mentoring;

/// <summary>The mentor directory, filtered by expertise, sector, language and country, and by who has room now.</summary>
public sealed class MentorsModel(IQuerySession session) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sector { get; set; }
    [BindProperty(SupportsGet = true)] public string? Language { get; set; }
    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty(SupportsGet = true)] public bool Room { get; set; }
    public IReadOnlyList<MentorProfile> Mentors { get; private set; } = [];
    public IReadOnlyList<string> Countries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await session.Query<MentorProfile>().OrderBy(m => m.Name).ToListAsync(ct);
        Countries = all.Select(m => m.Country).Where(c => c.Length > 0).Distinct().Order().ToList();
        IEnumerable<MentorProfile> found = all;
        if (Q is { Length: > 0 and <= 100 } q)
            found = found.Where(m => m.Expertise.Any(e => e.Contains(q.Trim(), StringComparison.CurrentCultureIgnoreCase)) ||
                m.Name.Contains(q.Trim(), StringComparison.CurrentCultureIgnoreCase) || m.Headline.Contains(q.Trim(), StringComparison.CurrentCultureIgnoreCase));
        if (Enum.TryParse<KnowledgeHub.Features.Members.Sector>(Sector, out var sector) && Enum.IsDefined(sector)) found = found.Where(m => m.Sectors.Contains(sector));
        if (Language is { Length: > 0 }) found = found.Where(m => m.Languages.Contains(Language));
        if (Country is { Length: > 0 }) found = found.Where(m => m.Country == Country);
        if (Room) found = found.Where(m => m.HasRoom);
        Mentors = found.ToList();
    }
}
