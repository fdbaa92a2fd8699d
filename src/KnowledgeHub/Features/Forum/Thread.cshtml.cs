using System.Globalization;
using KnowledgeHub.Infrastructure;
using KnowledgeHub.Infrastructure.Search;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Forum;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = VisitorPagePolicy.Name)]
[ShellPage]
[ThreadShortcut.Endpoint]
public sealed class ThreadModel(IDocumentSession session, PostWriter writer, IOptions<ForumOptions> options, IStringLocalizer<SharedResource> L,
    SearchService search, ThreadView view) : PageModel
{
    public ForumThread Thread => view.Thread;
    public Space Space => view.Space;
    public IReadOnlyList<PostView> Posts => view.Posts;
    public Reading? Reading => view.Reading;
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    public int PageCount => view.PageCount;
    [BindProperty] public string? Body { get => view.Body; set => view.Body = value; }
    [BindProperty(SupportsGet = true)] public int? ReplyTo { get; set; }
    public bool CanReply => view.CanReply;
    public bool CanModerate => view.CanModerate;
    public bool DraftRestored => view.DraftRestored;
    public IReadOnlyList<Space> MoveTargets { get; private set; } = [];
    /// <summary>Threads like this one, from the open spaces and from this thread's own space when it is private: the reader may
    /// read both, and knowing that needs no database read (other private spaces they belong to are not suggested here).
    /// Looked up only when the page is rendered (a page answered from its shell already shows them).</summary>
    public IReadOnlyList<Suggestion> Similar => similar ??= search.SimilarToGroup("thread:" + Thread.Id.ToString("N"),
        SearchAudience.For(User, Space.Visibility == SpaceVisibility.Private ? [ForumSearch.AudienceOf(Space)] : []), 5);

    private IReadOnlyList<Suggestion>? similar;

    public async Task<IActionResult> OnGetAsync(Guid id, int? quote, CancellationToken ct)
    {
        if (!await view.LoadAsync(HttpContext, id, PageNumber, quote, ct)) return NotFound();
        PageNumber = view.PageNumber;
        await LoadMoveTargetsAsync(ct);
        VisitorPagePolicy.Tag(HttpContext, VisitorPagePolicy.ThreadTag(id));
        view.Share(HttpContext, ReplyTo, quote); // a member's page: answered from its shell when it can be (ShellPage)
        return Page();
    }

    public async Task<IActionResult> OnPostReplyAsync(Guid id, CancellationToken ct)
    {
        if (User.MemberId() is null) return Challenge();
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        var result = await writer.ReplyAsync(User, Space, id, Body, ReplyTo, ct);
        if (result.Ok) return Redirect(Permalink(result.Post!.Number));
        foreach (var (field, message) in result.Errors) ModelState.AddModelError(field, message);
        await Drafts.SaveAsync(session, User.MemberId()!.Value, DraftKey, null, Body, null, ct); // a failed reply is never lost
        view.Show(User, Thread, Space, Reading, PageCount);
        PageNumber = view.PageNumber;
        await view.LoadPostsAsync(ct);
        view.GiveHoles(unread: null); // the layout counts
        await LoadMoveTargetsAsync(ct);
        return Page();
    }

    /// <summary>The id of the page's form that every post's buttons submit.</summary>
    public const string ActionsForm = "actions";

    /// <summary>A reaction button's value is the post's number and the reaction: <c>3:like</c>.</summary>
    public async Task<IActionResult> OnPostReactAsync(Guid id, string? react, CancellationToken ct)
    {
        var (number, reaction) = react?.Split(':', 2) is [var n, var r] && int.TryParse(n, CultureInfo.InvariantCulture, out var parsed) ? (parsed, r) : (0, null);
        return await PostActionAsync(id, ct, async () => await view.PostNumberedAsync(number, ct) is { } post
            ? await writer.ReactAsync(User, Space, post.Id, reaction, ct) : WriteResult.Fail("", L["This post no longer exists."]));
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid id, int number, CancellationToken ct) =>
        await PostActionAsync(id, ct, async () => await view.PostNumberedAsync(number, ct) is { } post
            ? await writer.AcceptAsync(User, Space, post.Id, ct) : WriteResult.Fail("", L["This post no longer exists."]));

    /// <summary>Follow (notified of every reply), normal, or mute; and bookmarks.</summary>
    public async Task<IActionResult> OnPostWatchAsync(Guid id, WatchLevel? level, bool? bookmark, CancellationToken ct)
    {
        if (User.MemberId() is null) return Challenge();
        if (!await LoadAsync(id, ct)) return NotFound();
        var me = User.MemberId()!.Value;
        var reading = Reading ?? new Reading { Id = Reading.IdFor(me, id), MemberId = me, ThreadId = id }; // LoadAsync read it
        if (level is WatchLevel l && Enum.IsDefined(l)) reading.Level = l;
        if (bookmark is bool b)
        {
            reading.Bookmarked = b;
            reading.BookmarkedAt = b ? DateTimeOffset.UtcNow : null;
        }
        session.Store(reading);
        await session.SaveChangesAsync(ct);
        return Redirect($"/t/{id}?p={PageNumber}");
    }

    private async Task<IActionResult> PostActionAsync(Guid id, CancellationToken ct, Func<Task<WriteResult>> action)
    {
        if (User.MemberId() is null) return Challenge();
        if (!await LoadAsync(id, ct)) return NotFound();
        var result = await action();
        if (!result.Ok) TempData["Notice"] = result.Errors.Values.First();
        return Redirect(result.Post is { } p ? Permalink(p.Number) : $"/t/{id}");
    }

    private string DraftKey => ThreadView.DraftKeyFor(Thread.Id);

    private string Permalink(int number) => $"/t/{Thread.Id}?p={ForumQueries.PageOf(number, options.Value.PostsPerPage)}#p{number}";

    /// <summary>The thread and the member's reading state for a form posted back (read through Marten, not the page's statement).</summary>
    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await session.ReadableThreadAsync(id, User, ct) is not (var thread, var space)) return false;
        var reading = User.MemberId() is Guid me ? await session.LoadAsync<Reading>(Reading.IdFor(me, id), ct) : null;
        view.Show(User, thread, space, reading, PageNumber);
        PageNumber = view.PageNumber;
        return true;
    }

    private async Task LoadMoveTargetsAsync(CancellationToken ct)
    {
        if (CanModerate && Space.CircleId is null)
            MoveTargets = (await session.ReadableSpacesAsync(User, ct)).Where(s => ForumAccess.CanMoveBetween(Space, s)).ToList();
    }

    public string ReplyToLabel(int number) => L["Replying to #{0}", number];
}
