using System.Globalization;
using System.Text.Encodings.Web;
using KnowledgeHub.Features.Notifications;
using KnowledgeHub.Infrastructure;
using KnowledgeHub.Infrastructure.Search;
using KnowledgeHub.Infrastructure.Themes;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Forum;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = VisitorPagePolicy.Name)]
[ShellPage]
public sealed class ThreadModel(IDocumentSession session, PostWriter writer, IOptions<ForumOptions> options, IStringLocalizer<SharedResource> L,
    Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, SearchService search, NotificationCounter notifications, PostPages pages,
    KnowledgeHub.Infrastructure.Postgres.PageReads reads, KeptDocuments kept, PostFragments fragments, PageShell shell, ThemeCatalog themes, HtmlEncoder encoder) : PageModel
{
    public ForumThread Thread { get; private set; } = null!;
    public Space Space { get; private set; } = null!;
    public IReadOnlyList<PostView> Posts { get; private set; } = [];
    public Reading? Reading { get; private set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    public int PageCount { get; private set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty(SupportsGet = true)] public int? ReplyTo { get; set; }
    public bool CanReply => ForumAccess.CanPost(Space, User) && (!Thread.Locked || CanModerate);
    public bool CanModerate => ForumAccess.CanModerate(Space, User);
    public bool DraftRestored { get; private set; }
    public IReadOnlyList<Space> MoveTargets { get; private set; } = [];
    /// <summary>Threads like this one, from the open spaces and from this thread's own space when it is private: the reader may
    /// read both, and knowing that needs no database read (other private spaces they belong to are not suggested here).
    /// Looked up only when the page is rendered (a page answered from its shell already shows them).</summary>
    public IReadOnlyList<Suggestion> Similar => similar ??= search.SimilarToGroup("thread:" + Thread.Id.ToString("N"),
        SearchAudience.For(User, Space.Visibility == SpaceVisibility.Private ? [ForumSearch.AudienceOf(Space)] : []), 5);

    private IReadOnlyList<Suggestion>? similar;

    public async Task<IActionResult> OnGetAsync(Guid id, int? quote, CancellationToken ct)
    {
        if (await session.ThreadPageAsync(reads.Source, kept, id, User, DraftKeyFor(id), ct) is not { } data) return NotFound();
        (Thread, Space, Reading) = (data.Thread, data.Space, data.Reading);
        PageCount = Math.Max(1, ForumQueries.PageOf(Thread.PostCount, options.Value.PostsPerPage));
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        ShowPosts(await pages.ForAsync(session, Thread, PageNumber, ct));
        await LoadMoveTargetsAsync(ct);
        VisitorPagePolicy.Tag(HttpContext, VisitorPagePolicy.ThreadTag(id));
        if (User.MemberId() is not Guid me) return Page();
        notifications.Known(data.UnreadNotifications);
        if (quote is int q && await PostNumberedAsync(id, q, ct) is { Deleted: false, Hidden: false } quoted)
            Body = PostText.Quote(quoted);
        else if (data.Draft is { Markdown.Length: > 0 } draft)
            (Body, DraftRestored) = (draft.Markdown, true);
        await MarkReadAsync(me, ct);
        GiveHoles(data.UnreadNotifications);
        if (ShellKey(quote) is not { } key) return Page();
        // A member's page is the shell other members like them saw, with their own values in its holes (see PageShell).
        if (KnownPosts() is { } known) shell.Set("posts", known); // else the page renders them (and keeps them for the next reader)
        shell.Share(key, antiforgery.GetAndStoreTokens(HttpContext).RequestToken, me);
        return Page();
    }

    /// <summary>What differs between members on a page that is otherwise the same for members like them.</summary>
    private void GiveHoles(int? unread)
    {
        if (unread is int count) shell.Set("unread", NotificationCounter.Badge(count));
        var level = Reading?.Level ?? WatchLevel.Normal;
        foreach (var each in Enum.GetValues<WatchLevel>()) shell.Set($"watch-{each}", each == level ? " selected=\"selected\"" : "");
        var bookmarked = Reading?.Bookmarked == true;
        shell.Set("bookmark-value", bookmarked ? "false" : "true");
        shell.Set("bookmark-label", encoder.Encode(bookmarked ? L["Remove bookmark"] : L["Bookmark"]));
        shell.Set("unread-link", Reading is { } r && r.LastReadNumber < Thread.PostCount
            ? $"<a href=\"/t/{Thread.Id}/unread\">{encoder.Encode(L["Jump to first unread"])}</a>" : "");
        shell.Set("draft-notice", DraftRestored
            ? $"<p class=\"notice\" role=\"status\">{encoder.Encode(L["Your unfinished draft is restored below."])}</p>" : "");
        shell.Set("body", encoder.Encode(Body ?? ""));
    }

    /// <summary>
    /// Everything the shared part of this member's page shows, or null when the page is not shared: moderators (their
    /// tools list spaces by their own rights), a reply or quote being started, or a one-time notice waiting to be shown.
    /// </summary>
    private string? ShellKey(int? quote)
    {
        if (CanModerate || ReplyTo is not null || quote is not null || Request.Cookies.ContainsKey(Microsoft.AspNetCore.Mvc.ViewFeatures.CookieTempDataProvider.CookieName)) return null;
        var (t, s) = (Thread, Space);
        return string.Create(CultureInfo.InvariantCulture,
            $"thread|{Request.Path}{Request.QueryString}|{t.EventSeq}|{t.PostCount}|{t.Kind}|{t.Locked}|{t.Pinned}|{t.Deleted}|{t.AcceptedPostNumber}|{t.Title}|{string.Join('\u0001', t.Tags)}|" +
            $"{s.Id}|{s.Name}|{s.Slug}|{s.CircleId}|{s.Visibility}|{CanReply}|{User.IsInRole(nameof(Members.Role.Moderator))}|{User.IsInRole(nameof(Members.Role.Administrator))}|" +
            $"{CultureInfo.CurrentUICulture.Name}|{CultureInfo.CurrentCulture.Name}|{themes.For(HttpContext).Name}");
    }

    /// <summary>The page's posts as this reader sees them (UTF-8 pieces), when every one is already rendered for a reader like them.</summary>
    private List<ReadOnlyMemory<byte>>? KnownPosts()
    {
        var pieces = new List<ReadOnlyMemory<byte>>(Posts.Count);
        foreach (var post in Posts)
            if (fragments.TryGet(post) is { } known) pieces.Add(known);
            else return null;
        return pieces;
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
        PageNumber = PageCount;
        await LoadPostsAsync(ct);
        GiveHoles(unread: null); // the layout counts
        await LoadMoveTargetsAsync(ct);
        return Page();
    }

    /// <summary>The id of the page's form that every post's buttons submit.</summary>
    public const string ActionsForm = "post-actions";

    /// <summary>A reaction button's value is the post's number and the reaction: <c>3:like</c>.</summary>
    public async Task<IActionResult> OnPostReactAsync(Guid id, string? react, CancellationToken ct)
    {
        var (number, reaction) = react?.Split(':', 2) is [var n, var r] && int.TryParse(n, CultureInfo.InvariantCulture, out var parsed) ? (parsed, r) : (0, null);
        return await PostActionAsync(id, ct, async () => await PostNumberedAsync(id, number, ct) is { } post
            ? await writer.ReactAsync(User, Space, post.Id, reaction, ct) : WriteResult.Fail("", L["This post no longer exists."]));
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid id, int number, CancellationToken ct) =>
        await PostActionAsync(id, ct, async () => await PostNumberedAsync(id, number, ct) is { } post
            ? await writer.AcceptAsync(User, Space, post.Id, ct) : WriteResult.Fail("", L["This post no longer exists."]));

    private async Task<Post?> PostNumberedAsync(Guid thread, int number, CancellationToken ct) => number < 1 || number > Thread.PostCount ? null
        : await session.Query<Post>().FirstOrDefaultAsync(p => p.ThreadId == thread && p.Number == number, ct);

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

    private string DraftKey => DraftKeyFor(Thread.Id);

    private static string DraftKeyFor(Guid thread) => $"reply:{thread}";

    private string Permalink(int number) => $"/t/{Thread.Id}?p={ForumQueries.PageOf(number, options.Value.PostsPerPage)}#p{number}";

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await session.ReadableThreadAsync(id, User, ct) is not (var thread, var space)) return false;
        (Thread, Space) = (thread, space);
        var per = options.Value.PostsPerPage;
        PageCount = Math.Max(1, ForumQueries.PageOf(thread.PostCount, per));
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        if (User.MemberId() is Guid me) Reading = await session.LoadAsync<Reading>(Reading.IdFor(me, id), ct);
        return true;
    }

    /// <summary>What only a shown page needs (a POST that redirects skips it): the posts, and a moderator's move targets.</summary>
    private async Task LoadPostsAsync(CancellationToken ct) => ShowPosts(await pages.ForAsync(session, Thread, PageNumber, ct));

    private void ShowPosts(IReadOnlyList<Post> posts)
    {
        var reader = ForumAccess.ReaderIn(Space, User);
        Posts = posts.Select(p => PostView.For(p, Thread, reader)).ToList();
    }

    private async Task LoadMoveTargetsAsync(CancellationToken ct)
    {
        if (CanModerate && Space.CircleId is null)
            MoveTargets = (await session.ReadableSpacesAsync(User, ct)).Where(s => ForumAccess.CanMoveBetween(Space, s)).ToList();
    }

    /// <summary>Remembers how far the member read; only ever forward, and only when it moved (no write on re-reads).</summary>
    private async Task MarkReadAsync(Guid me, CancellationToken ct)
    {
        var last = Posts.Count == 0 ? 0 : Posts[^1].Post.Number;
        if (Reading is not null && Reading.LastReadNumber >= last) return;
        Reading ??= new Reading { Id = Reading.IdFor(me, Thread.Id), MemberId = me, ThreadId = Thread.Id };
        Reading.LastReadNumber = last;
        session.Store(Reading);
        await session.SaveChangesAsync(ct);
    }

    public string ReplyToLabel(int number) => L["Replying to #{0}", number];
}
