using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Forum;

/// <summary>Threads the member bookmarked, newest bookmark first; threads they can no longer read are left out.</summary>
[Authorize]
public sealed class BookmarksModel(IQuerySession session) : PageModel
{
    public IReadOnlyList<(ForumThread Thread, Reading Reading)> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = User.MemberId()!.Value;
        var readings = await session.Query<Reading>().Where(r => r.MemberId == me && r.Bookmarked).OrderByDescending(r => r.BookmarkedAt).Take(200).ToListAsync(ct);
        var threads = (await session.LoadManyAsync<ForumThread>(ct, readings.Select(r => r.ThreadId).ToArray())).ToDictionary(t => t.Id);
        var spaces = (await session.LoadManyAsync<Space>(ct, threads.Values.Select(t => t.SpaceId).Distinct().ToArray())).ToDictionary(s => s.Id);
        Items = readings.Where(r => threads.TryGetValue(r.ThreadId, out var t) && spaces.TryGetValue(t.SpaceId, out var s) && ForumAccess.CanRead(s, t, User))
            .Select(r => (threads[r.ThreadId], r)).ToList();
    }
}
