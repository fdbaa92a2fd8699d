using System.Security.Claims;
using KnowledgeHub.Features.Members;

namespace KnowledgeHub.Features.Forum;

/// <summary>Who may read, post in and moderate a space. Every page, API call, hub join and feed asks here.</summary>
public static class ForumAccess
{
    public static Guid? MemberId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static bool CanRead(Space space, ClaimsPrincipal user) => space.Visibility switch
    {
        SpaceVisibility.Public => true,
        SpaceVisibility.Members => user.Identity?.IsAuthenticated == true,
        _ => user.MemberId() is Guid id && (space.MemberIds.Contains(id) || space.ModeratorIds.Contains(id) ||
            (user.IsInRole(nameof(Role.Administrator)) && AdministratorMayRead(space, id, AccessClock.Now))),
    };

    /// <summary>Administrators read every private space except a coaching circle, which they open for safeguarding first.</summary>
    private static bool AdministratorMayRead(Space space, Guid administrator, DateTimeOffset now) => space.CircleId is null || SafeguardingOpen(space, administrator, now);

    /// <summary>Coaching threads stay in their circle, and forum threads never land in one: a circle's members chose what they share.</summary>
    public static bool CanMoveBetween(Space from, Space to) => from.Id != to.Id && from.CircleId is null && to.CircleId is null;

    /// <summary>A coaching circle is closed to administrators until one opens it for safeguarding (audited), for a limited time.</summary>
    public static bool SafeguardingOpen(Space space, Guid administrator, DateTimeOffset now) =>
        space.Safeguarding.Any(o => o.AdministratorId == administrator && o.Until > now);

    /// <summary>Office-hours spaces: only their hosts (members with the space's role) and moderators start threads; everyone may reply.</summary>
    public static bool CanStartThread(Space space, ClaimsPrincipal user) =>
        CanPost(space, user) && (space.StartersRole is not Role role || user.IsInRole(role.ToString()) || CanModerate(space, user));

    public static bool CanPost(Space space, ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && CanRead(space, user);

    public static bool CanModerate(Space space, ClaimsPrincipal user) =>
        user.MemberId() is Guid id && CanRead(space, user) &&
        (user.IsInRole(nameof(Role.Administrator)) || user.IsInRole(nameof(Role.Moderator)) || space.ModeratorIds.Contains(id));

    /// <summary>The same rule for a member who is not the one asking (whom to notify, whom to email), at the time given.</summary>
    public static bool CanRead(Space space, Member member, DateTimeOffset now) => !member.Suspended && space.Visibility switch
    {
        SpaceVisibility.Public or SpaceVisibility.Members => true,
        _ => space.MemberIds.Contains(member.Id) || space.ModeratorIds.Contains(member.Id) ||
            (member.Has(Role.Administrator) && AdministratorMayRead(space, member.Id, now)),
    };

    public static bool CanRead(Space space, ForumThread thread, ClaimsPrincipal user) =>
        CanRead(space, user) && (!thread.Deleted || CanModerate(space, user));

    /// <summary>A hidden (flagged) or deleted post's text is shown to its author and moderators only.</summary>
    /// <summary>Who is asking and what they may do in a space, worked out once: a page asks it of each of its posts.</summary>
    public readonly record struct Reader(Guid? Me, bool CanPost, bool CanModerate);

    public static Reader ReaderIn(Space space, ClaimsPrincipal user) => new(user.MemberId(), CanPost(space, user), CanModerate(space, user));

    public static bool CanSeeText(Space space, Post post, ClaimsPrincipal user) => CanSeeText(ReaderIn(space, user), post);

    public static bool CanSeeText(Reader reader, Post post) => (!post.Hidden && !post.Deleted) || post.AuthorId == reader.Me || reader.CanModerate;

    public static bool CanEdit(Space space, ForumThread thread, Post post, ClaimsPrincipal user) => CanEdit(ReaderIn(space, user), thread, post);

    public static bool CanEdit(Reader reader, ForumThread thread, Post post) =>
        !post.Deleted && (reader.CanModerate || (post.AuthorId == reader.Me && !thread.Locked && reader.CanPost));
}
