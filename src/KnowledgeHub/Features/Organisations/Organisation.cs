using KnowledgeHub.Features.Members;

namespace KnowledgeHub.Features.Organisations;

/// <summary>An organisation members belong to: a ministry, an NGO, a university, a company, a partner.</summary>
public sealed class Organisation
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string Name { get; set; } = "";
    /// <summary>Name key + country: two members typing "Save the Children" in one country share one organisation.</summary>
    public string Key { get; set; } = "";
    public Sector Sector { get; set; }
    public string Country { get; set; } = "";
    public Level Level { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public static string KeyFor(string name, string country) =>
        $"{country.ToUpperInvariant()}:{string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant()}";
}
