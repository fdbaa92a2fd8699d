namespace KnowledgeHub.Features.Admin;

/// <summary>Who did what to whom, and why: every administrative action leaves one.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public DateTimeOffset At { get; set; } = DateTimeOffset.UtcNow;
    public Guid? ActorId { get; set; }
    public string ActorName { get; set; } = "";
    public string Action { get; set; } = "";
    public Guid? SubjectId { get; set; }
    public string SubjectName { get; set; } = "";
    public string Details { get; set; } = "";
    /// <summary>Where the subject of the action can be looked at (a certificate's page), when it has one.</summary>
    public string? Link { get; set; }
}
