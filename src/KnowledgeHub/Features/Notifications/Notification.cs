namespace KnowledgeHub.Features.Notifications;

public enum NotificationKind
{
    Mention, ReplyToYou, FollowedThread, NewThreadInSpace, AcceptedAnswer,
    MentoringRequested, MentoringAccepted, MentoringDeclined, MentoringMatched, MenteeMatched, SessionScheduled,
    CaseStudyCommented, CaseStudyChangesRequested, CaseStudyApproved, CaseStudyUnpublished,
}

/// <summary>
/// Something a member should hear about; only ever created for members allowed to read what it is about. Forum
/// notifications point at a post; mentoring and case-study ones at their page (<see cref="Link"/>).
/// </summary>
public sealed class Notification
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid MemberId { get; set; }
    public NotificationKind Kind { get; set; }
    public Guid ThreadId { get; set; }
    /// <summary>The thread's title, or the request's topic, the session's or the case study's title.</summary>
    public string ThreadTitle { get; set; } = "";
    public int PostNumber { get; set; }
    public string ActorName { get; set; } = "";
    /// <summary>The page it is about, when it is not a forum post (a local path such as /mentoring/requests/…).</summary>
    public string? Link { get; set; }
    /// <summary>A private space the member must still be able to read for it to be shown or emailed (a coaching circle's).</summary>
    public string? SpaceId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public DateTimeOffset? EmailedAt { get; set; }

    public string Path() => Link ?? $"/t/{ThreadId}/{PostNumber}";

    /// <summary>A notification about a page rather than a post.</summary>
    public static Notification About(Guid member, NotificationKind kind, string actorName, string title, string link, DateTimeOffset now, string? spaceId = null) =>
        new() { MemberId = member, Kind = kind, ActorName = actorName, ThreadTitle = title, Link = link, SpaceId = spaceId, CreatedAt = now };
}
