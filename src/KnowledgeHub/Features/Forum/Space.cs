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
    /// <summary>Set for a coaching circle's space: its member list is the circle (mentor and active mentees).</summary>
    public Guid? CircleId { get; set; }
    /// <summary>Administrators who opened this circle space for safeguarding, and until when; every opening is in the audit log.</summary>
    public List<SafeguardingOpening> Safeguarding { get; set; } = [];
    /// <summary>When set, only members with this role (or moderators) start threads here, as mentors hosting office hours.</summary>
    public KnowledgeHub.Features.Members.Role? StartersRole { get; set; }
    public int ThreadCount { get; set; }
    public DateTimeOffset? LastActivityAt { get; set; }
}

public sealed record SafeguardingOpening(Guid AdministratorId, DateTimeOffset Until);
