using KnowledgeHub.Features.Members;
using Marten;

namespace KnowledgeHub.Features.Organisations;

public static class OrganisationDirectory
{
    /// <summary>Links to the organisation with this name in this country, creating it with the member's details if new.</summary>
    public static async Task<Organisation> FindOrAddAsync(IDocumentSession session, string name, Sector sector, string country, Level level, CancellationToken ct)
    {
        var key = Organisation.KeyFor(name, country);
        var existing = await session.Query<Organisation>().FirstOrDefaultAsync(o => o.Key == key, ct);
        if (existing is not null) return existing;
        var organisation = new Organisation { Name = name, Key = key, Sector = sector, Country = country, Level = level };
        session.Store(organisation);
        return organisation;
    }
}
