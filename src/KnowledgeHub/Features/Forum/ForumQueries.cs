using System.Security.Claims;
using Marten;

namespace KnowledgeHub.Features.Forum;

/// <summary>Reads shared by pages, the fragment endpoint and the API; each answers null when the reader may not see it.</summary>
public static class ForumQueries
{
    public static async Task<Space?> ReadableSpaceAsync(this IQuerySession session, string slug, ClaimsPrincipal user, CancellationToken ct)
    {
        var space = await session.LoadAsync<Space>($"spaces/{slug}", ct);
        return space is not null && ForumAccess.CanRead(space, user) ? space : null;
    }

    public static async Task<(ForumThread Thread, Space Space)?> ReadableThreadAsync(this IQuerySession session, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var thread = await session.LoadAsync<ForumThread>(id, ct);
        if (thread is null) return null;
        var space = await session.LoadAsync<Space>(thread.SpaceId, ct);
        return space is not null && ForumAccess.CanRead(space, thread, user) ? (thread, space) : null;
    }

    public static async Task<IReadOnlyList<Space>> ReadableSpacesAsync(this IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
        (await session.Query<Space>().OrderBy(s => s.Order).ToListAsync(ct)).Where(s => ForumAccess.CanRead(s, user)).ToList();

    public static int PageOf(int postNumber, int perPage) => (Math.Max(postNumber, 1) - 1) / perPage + 1;
}

/// <summary>What one post shows to one reader.</summary>
public sealed record PostView(Post Post, ForumThread Thread, bool ShowText, bool CanEdit, bool CanDelete, bool CanReact, bool CanAccept, Guid? Me)
{
    /// <summary>One antiforgery token for every form on the page: each form generating its own costs an encryption apiece.</summary>
    public string? FormToken { get; init; }

    public bool IsAccepted => Thread.AcceptedPostNumber == Post.Number;

    public static PostView For(Post post, ForumThread thread, Space space, ClaimsPrincipal user, string? formToken = null) => new(post, thread,
        ShowText: ForumAccess.CanSeeText(space, post, user),
        CanEdit: ForumAccess.CanEdit(space, thread, post, user),
        CanDelete: !post.Deleted && (post.AuthorId == user.MemberId() || ForumAccess.CanModerate(space, user)),
        CanReact: !post.Deleted && ForumAccess.CanPost(space, user),
        CanAccept: thread.Kind == ThreadKind.Question && post.Number > 1 && !post.Deleted &&
            (thread.AuthorId == user.MemberId() || ForumAccess.CanModerate(space, user)),
        Me: user.MemberId()) { FormToken = formToken };
}
