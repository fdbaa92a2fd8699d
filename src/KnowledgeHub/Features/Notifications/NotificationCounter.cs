using KnowledgeHub.Features.Forum;
using Marten;
using System.Security.Claims;

namespace KnowledgeHub.Features.Notifications;

/// <summary>The unread count in the header; one indexed count per page for signed-in members.</summary>
public sealed class NotificationCounter(IQuerySession session)
{
    public async Task<int> UnreadAsync(ClaimsPrincipal user) =>
        user.MemberId() is Guid me ? await session.Query<Notification>().CountAsync(n => n.MemberId == me && n.ReadAt == null) : 0;
}
