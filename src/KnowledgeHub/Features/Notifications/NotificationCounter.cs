using KnowledgeHub.Features.Forum;
using Marten;
using System.Security.Claims;

namespace KnowledgeHub.Features.Notifications;

/// <summary>The unread count in the header; one indexed count per page for signed-in members.</summary>
public sealed class NotificationCounter(IQuerySession session, ForumReadCache cache)
{
    private int? known;

    /// <summary>The member's unread count: handed over by the page, or kept (<see cref="ForumReadCache"/>), or counted.</summary>
    public async Task<int> UnreadAsync(ClaimsPrincipal user) => known
        ?? (user.MemberId() is Guid me ? await cache.GetOrReadAsync(ForumReadCache.Key.Unread(me), () => UnreadAsync(session, me)) : 0);

    /// <summary>A page that read the count in its own batch hands it over, so the layout does not count again.</summary>
    public void Known(int unread) => known = unread;

    /// <summary>The layout's unread badge (hidden at zero; scripts update it live).</summary>
    public static string Badge(int unread) => unread > 0
        ? $"<span class=\"count-badge\" data-notification-count>{unread}</span>"
        : "<span class=\"count-badge\" data-notification-count hidden=\"hidden\"></span>";

    public static Task<int> UnreadAsync(IQuerySession session, Guid member) =>
        session.Query<Notification>().CountAsync(n => n.MemberId == member && n.ReadAt == null);
}
