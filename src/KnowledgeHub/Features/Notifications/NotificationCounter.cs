using KnowledgeHub.Features.Forum;
using Marten;
using System.Security.Claims;

namespace KnowledgeHub.Features.Notifications;

/// <summary>The unread count in the header; one indexed count per page for signed-in members.</summary>
public sealed class NotificationCounter(IQuerySession session)
{
    public async Task<int> UnreadAsync(ClaimsPrincipal user) => user.MemberId() is Guid me ? await UnreadAsync(session, me) : 0;

    public static Task<int> UnreadAsync(IQuerySession session, Guid member) =>
        session.Query<Notification>().CountAsync(n => n.MemberId == member && n.ReadAt == null);
}
