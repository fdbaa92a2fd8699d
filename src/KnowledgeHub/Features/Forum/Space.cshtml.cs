using KnowledgeHub.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Forum;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = VisitorPagePolicy.Name)]
public sealed class SpaceModel(IDocumentSession session, IOptions<ForumOptions> options) : PageModel
{
    public Space Space { get; private set; } = null!;
    public IReadOnlyList<ForumThread> Threads { get; private set; } = [];
    public IReadOnlyDictionary<Guid, Reading> Readings { get; private set; } = new Dictionary<Guid, Reading>();
    public WatchLevel Watch { get; private set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    public int PageCount { get; private set; }
    public bool CanPost => ForumAccess.CanStartThread(Space, User);

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var space = await session.ReadableSpaceAsync(slug, User, ct);
        if (space is null) return NotFound();
        Space = space;
        VisitorPagePolicy.Tag(HttpContext, VisitorPagePolicy.SpaceTag(space.Id));
        (Threads, PageNumber, PageCount) = await session.ThreadsOnPageAsync(space.Id, ForumAccess.CanModerate(space, User), PageNumber, options.Value.ThreadsPerPage, ct);
        if (User.MemberId() is Guid me)
        {
            var ids = Threads.Select(t => t.Id).ToArray();
            Readings = (await session.Query<Reading>().Where(r => r.MemberId == me && r.ThreadId.IsOneOf(ids)).ToListAsync(ct)).ToDictionary(r => r.ThreadId);
            Watch = (await session.LoadAsync<SpaceWatch>(SpaceWatch.IdFor(me, space.Id), ct))?.Level ?? WatchLevel.Normal;
        }
        return Page();
    }

    /// <summary>Follow (hear about new threads), normal, or mute (its threads dim in lists, no notifications).</summary>
    public async Task<IActionResult> OnPostWatchAsync(string slug, WatchLevel level, CancellationToken ct)
    {
        if (User.MemberId() is null) return Challenge();
        var space = await session.ReadableSpaceAsync(slug, User, ct);
        if (space is null) return NotFound();
        if (!Enum.IsDefined(level)) return BadRequest();
        var me = User.MemberId()!.Value;
        session.Store(new SpaceWatch { Id = SpaceWatch.IdFor(me, space.Id), MemberId = me, SpaceId = space.Id, Level = level });
        await session.SaveChangesAsync(ct);
        return Redirect($"/spaces/{slug}");
    }

    public int Unread(ForumThread thread) =>
        Readings.TryGetValue(thread.Id, out var r) ? Math.Max(0, thread.PostCount - r.LastReadNumber) : -1;
}
