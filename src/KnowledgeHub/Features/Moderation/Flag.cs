namespace KnowledgeHub.Features.Moderation;

public enum FlagReason { Spam, Offensive, ChildSafety, OffTopic, Other }

public enum FlagOutcome { Open, Dismissed, Removed }

/// <summary>A member's report about a post: one per member per post.</summary>
public sealed class Flag
{
    public string Id { get; set; } = ""; // "<reporter>:<post>"
    public Guid PostId { get; set; }
    public Guid ThreadId { get; set; }
    public string SpaceId { get; set; } = "";
    public Guid ReporterId { get; set; }
    public string ReporterName { get; set; } = "";
    public FlagReason Reason { get; set; }
    public string Note { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public FlagOutcome Outcome { get; set; }
    public string? ResolvedByName { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }

    public static string IdFor(Guid reporter, Guid post) => $"{reporter:N}:{post:N}";
}
