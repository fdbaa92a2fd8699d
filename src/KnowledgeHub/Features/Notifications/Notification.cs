namespace KnowledgeHub.Features.Notifications;

public enum NotificationKind { Mention, ReplyToYou, FollowedThread, NewThreadInSpace, AcceptedAnswer }

/// <summary>Something a member should hear about; only ever created for members allowed to read its thread.</summary>
public sealed class Notification
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid MemberId { get; set; }
    public NotificationKind Kind { get; set; }
    public Guid ThreadId { get; set; }
    public string ThreadTitle { get; set; } = "";
    public int PostNumber { get; set; }
    public string ActorName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public DateTimeOffset? EmailedAt { get; set; }
}
