namespace KnowledgeHub.Features.Forum;

/// <summary>A change to a thread; clients fetch the post's fragment to show it (the page renders it the same way).</summary>
public sealed record ThreadChange(Guid ThreadId, long Seq, string Kind, int PostNumber);

public sealed record ThreadActivity(Guid ThreadId, string SpaceId, string Title, int PostCount, DateTimeOffset LastActivityAt, string LastPosterName);

public interface IForumClient
{
    Task ThreadChanged(ThreadChange change);
    Task Presence(Guid threadId, int readers);
    Task Typing(Guid threadId, string name);
    Task Activity(ThreadActivity activity);
    Task NotificationCount(int unread);
    /// <summary>Access was withdrawn (moved to a private space, removed from a group): stop showing the thread.</summary>
    Task AccessRevoked(Guid threadId);
}
