namespace KnowledgeHub.Features.Forum;

public enum SpaceVisibility { Public, Members, Private }

/// <summary>
/// A discussion space (category). Name, description, order and visibility are authored in content/spaces; who
/// moderates it and who belongs to a private one are managed in the app and survive re-import.
/// </summary>
public sealed class Space
{
    public string Id { get; set; } = ""; // "spaces/<slug>"
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string Summary { get; set; } = "";
    public string DescriptionHtml { get; set; } = "";
    public int Order { get; set; }
    public SpaceVisibility Visibility { get; set; }
    public string Language { get; set; } = "en";
    public List<Guid> ModeratorIds { get; set; } = [];
    /// <summary>For a private space: the members of its group.</summary>
    public List<Guid> MemberIds { get; set; } = [];
    public int ThreadCount { get; set; }
    public DateTimeOffset? LastActivityAt { get; set; }
}
