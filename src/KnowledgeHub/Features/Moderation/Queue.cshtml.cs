using KnowledgeHub.Features.Forum;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Moderation;

public sealed record FlaggedPost(Post Post, ForumThread Thread, IReadOnlyList<Flag> Flags);

/// <summary>The review queue: open reports on posts in the spaces this member moderates, most reported first.</summary>
[Authorize]
public sealed class QueueModel(IQuerySession session, Flagging flagging) : PageModel
{
    public IReadOnlyList<FlaggedPost> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var spaces = (await session.Query<Space>().ToListAsync(ct)).Where(s => ForumAccess.CanModerate(s, User)).Select(s => s.Id).ToArray();
        if (spaces.Length == 0) return NotFound();
        var flags = await session.Query<Flag>().Where(f => f.Outcome == FlagOutcome.Open && f.SpaceId.IsOneOf(spaces)).Take(500).ToListAsync(ct);
        var postIds = flags.Select(f => f.PostId).Distinct().ToArray();
        var posts = (await session.LoadManyAsync<Post>(ct, postIds)).ToDictionary(p => p.Id);
        var threads = (await session.LoadManyAsync<ForumThread>(ct, posts.Values.Select(p => p.ThreadId).Distinct().ToArray())).ToDictionary(t => t.Id);
        Items = flags.GroupBy(f => f.PostId).Where(g => posts.ContainsKey(g.Key))
            .Select(g => new FlaggedPost(posts[g.Key], threads[posts[g.Key].ThreadId], g.OrderBy(f => f.CreatedAt).ToList()))
            .OrderByDescending(i => i.Flags.Any(f => f.Reason == FlagReason.ChildSafety)).ThenByDescending(i => i.Flags.Count).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostResolveAsync(Guid postId, FlagOutcome outcome, string? reason, CancellationToken ct)
    {
        if (outcome is not (FlagOutcome.Dismissed or FlagOutcome.Removed)) return BadRequest();
        return await flagging.ResolveAsync(User, postId, outcome, reason, ct) ? Redirect("/moderation") : NotFound();
    }
}
