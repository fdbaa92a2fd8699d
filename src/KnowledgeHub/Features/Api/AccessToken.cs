namespace KnowledgeHub.Features.Api;

/// <summary>A personal access token for the API. Only its SHA-256 is stored; the token is shown once, when created.</summary>
public sealed class AccessToken
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid MemberId { get; set; }
    public string Name { get; set; } = "";
    public string Hash { get; set; } = "";
    public string Prefix { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public bool Revoked { get; set; }

    public const string Marker = "kh_";
}
