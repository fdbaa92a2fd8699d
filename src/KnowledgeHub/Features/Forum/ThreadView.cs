using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using KnowledgeHub.Features.Notifications;
using KnowledgeHub.Infrastructure;
using KnowledgeHub.Infrastructure.Postgres;
using KnowledgeHub.Infrastructure.Themes;
using Marten;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Forum;

/// <summary>
/// What a thread page shows one reader, read once per request: by the page (<see cref="ThreadModel"/>) or, for a member
/// whose page can be answered from its shell, by <see cref="ThreadShortcut"/> before MVC runs at all. One instance per
/// request, so a shortcut that cannot answer hands what it read to the page.
/// </summary>
public sealed class ThreadView(IServiceProvider services, IOptions<ForumOptions> options, IStringLocalizer<SharedResource> L, PageReads reads,
    KeptDocuments kept, ForumReadCache pageCache, PostPages pages, PostFragments fragments, PageShell shell, PageShells shells, ThemeCatalog themes, HtmlEncoder encoder,
    NotificationCounter notifications, IAntiforgery antiforgery)
{
    private IDocumentSession? session;
    private (Guid Id, int Page, int? Quote)? loaded;
    private bool found, shared;

    public ForumThread Thread { get; private set; } = null!;
    public Space Space { get; private set; } = null!;
    public Reading? Reading { get; private set; }
    public IReadOnlyList<PostView> Posts { get; private set; } = [];
    public int PageNumber { get; private set; } = 1;
    public int PageCount { get; private set; } = 1;
    public string? Body { get; set; }
    public bool DraftRestored { get; private set; }
    public int? Unread { get; private set; }
    public ClaimsPrincipal User { get; private set; } = new();
    public bool CanModerate { get; private set; }
    public bool CanReply { get; private set; }

    /// <summary>The request's Marten session, opened only when a page needs one (a post page not kept, a quote, a read mark).</summary>
    private IDocumentSession Session => session ??= services.GetRequiredService<IDocumentSession>();

    public static string DraftKeyFor(Guid thread) => $"reply:{thread}";

    /// <summary>
    /// Reads the page <paramref name="page"/> of thread <paramref name="id"/> for the request's reader, restores their draft
    /// or starts a quote, and moves their read mark forward; false when the thread does not exist or they may not read it.
    /// </summary>
    public async Task<bool> LoadAsync(HttpContext http, Guid id, int page, int? quote, CancellationToken ct)
    {
        if (loaded == (id, page, quote)) return found;
        loaded = (id, page, quote);
        if (await Session.ThreadPageAsync(reads.Source, kept, pageCache, id, http.User, DraftKeyFor(id), ct) is not { } data) return found = false;
        Show(http.User, data.Thread, data.Space, data.Reading, page);
        Posts = ShowPosts(await pages.ForAsync(Session, Thread, PageNumber, ct));
        if (User.MemberId() is not Guid me) return found = true;
        Unread = data.UnreadNotifications;
        notifications.Known(data.UnreadNotifications);
        if (quote is int q && await PostNumberedAsync(q, ct) is { Deleted: false, Hidden: false } quoted)
            Body = PostText.Quote(quoted);
        else if (data.Draft is { Markdown.Length: > 0 } draft)
            (Body, DraftRestored) = (draft.Markdown, true);
        await MarkReadAsync(me, ct);
        return found = true;
    }

    /// <summary>The page for a thread read some other way (a form posted back), without the per-view work.</summary>
    public void Show(ClaimsPrincipal user, ForumThread thread, Space space, Reading? reading, int page)
    {
        (User, Thread, Space, Reading) = (user, thread, space, reading);
        CanModerate = ForumAccess.CanModerate(space, User);
        CanReply = ForumAccess.CanPost(space, User) && (!thread.Locked || CanModerate);
        PageCount = Math.Max(1, ForumQueries.PageOf(thread.PostCount, options.Value.PostsPerPage));
        PageNumber = Math.Clamp(page, 1, PageCount);
    }

    public async Task LoadPostsAsync(CancellationToken ct) => Posts = ShowPosts(await pages.ForAsync(Session, Thread, PageNumber, ct));

    public async Task<Post?> PostNumberedAsync(int number, CancellationToken ct) => number < 1 || number > Thread.PostCount ? null
        : await Session.Query<Post>().FirstOrDefaultAsync(p => p.ThreadId == Thread.Id && p.Number == number, ct);

    private List<PostView> ShowPosts(IReadOnlyList<Post> posts)
    {
        var reader = ForumAccess.ReaderIn(Space, User);
        return posts.Select(p => PostView.For(p, Thread, reader)).ToList();
    }

    /// <summary>Remembers how far the member read; only ever forward, and only when it moved (no write on re-reads).</summary>
    private async Task MarkReadAsync(Guid me, CancellationToken ct)
    {
        var last = Posts.Count == 0 ? 0 : Posts[^1].Post.Number;
        if (Reading is not null && Reading.LastReadNumber >= last) return;
        // This request's own copy: the one read may be shared with other requests (ForumReadCache).
        Reading = Reading?.Copy() ?? new Reading { Id = Reading.IdFor(me, Thread.Id), MemberId = me, ThreadId = Thread.Id };
        Reading.LastReadNumber = last;
        Session.Store(Reading);
        await Session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Gives a member's page its holes and, unless the page cannot be shared, asks for it to be answered from its shell
    /// (see <see cref="ShellPageAttribute"/>); returns that shell when it is kept and this request can fill it.
    /// </summary>
    public ShellTemplate? Share(HttpContext http, int? replyTo, int? quote)
    {
        if (shared) return shells.Fillable(shell); // the shortcut shared it already and could not answer: nothing new to give
        shared = true;
        if (User.MemberId() is not Guid me) return null;
        GiveHoles(Unread);
        if (ShellKey(http, replyTo, quote) is not { } key) return null;
        // A member's page is the shell other members like them saw, with their own values in its holes (see PageShell).
        if (KnownPosts() is { } known) shell.Set("posts", known); // else the page renders them (and keeps them for the next reader)
        shell.Share(key, antiforgery.GetAndStoreTokens(http).RequestToken, me);
        return shells.Fillable(shell);
    }

    /// <summary>What differs between members on a page that is otherwise the same for members like them.</summary>
    public void GiveHoles(int? unread)
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
    private string? ShellKey(HttpContext http, int? replyTo, int? quote)
    {
        if (CanModerate || replyTo is not null || quote is not null || http.Request.Cookies.ContainsKey(CookieTempDataProvider.CookieName)) return null;
        var (t, s, request) = (Thread, Space, http.Request);
        return string.Create(CultureInfo.InvariantCulture,
            $"thread|{request.Path}{request.QueryString}|{t.EventSeq}|{t.PostCount}|{t.Kind}|{t.Locked}|{t.Pinned}|{t.Deleted}|{t.AcceptedPostNumber}|{t.Title}|{string.Join('\u0001', t.Tags)}|" +
            $"{s.Id}|{s.Name}|{s.Slug}|{s.CircleId}|{s.Visibility}|{CanReply}|{User.IsInRole(nameof(Members.Role.Moderator))}|{User.IsInRole(nameof(Members.Role.Administrator))}|" +
            $"{CultureInfo.CurrentUICulture.Name}|{CultureInfo.CurrentCulture.Name}|{themes.For(http).Name}");
    }

    /// <summary>The page's posts as this reader sees them (UTF-8), when every one is already rendered for a reader like them.</summary>
    private List<ReadOnlyMemory<byte>>? KnownPosts()
    {
        var pieces = new List<ReadOnlyMemory<byte>>(Posts.Count);
        foreach (var post in Posts)
            if (fragments.TryGet(post) is { } known) pieces.Add(known);
            else return null;
        return pieces;
    }
}

/// <summary>
/// Answers a member's thread page from its shell before MVC runs (no page model, binding or filters): the page's one
/// read, the member's values, the kept template. Anything else (a page that cannot be shared, a shell not kept yet, a
/// query the shortcut does not know) goes on to the page, which reuses what was read here.
/// </summary>
public static class ThreadShortcut
{
    /// <summary>Marks the page the shortcut answers for.</summary>
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class EndpointAttribute : Attribute;

    public static IApplicationBuilder UseThreadShortcut(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (HttpMethods.IsGet(http.Request.Method) && http.User.Identity?.IsAuthenticated == true &&
            http.GetEndpoint()?.Metadata.GetMetadata<EndpointAttribute>() is not null &&
            Guid.TryParse(http.Request.RouteValues["id"] as string, out var id) && PageAsked(http.Request.Query) is int page)
        {
            var view = http.RequestServices.GetRequiredService<ThreadView>();
            if (await view.LoadAsync(http, id, page, null, http.RequestAborted) && view.Share(http, null, null) is { } template)
            {
                http.RequestServices.GetRequiredService<PageShells>().Hit(beforeMvc: true);
                await template.WriteAsync(http.Response, http.RequestServices.GetRequiredService<PageShell>(), http.RequestAborted);
                return;
            }
        }
        await next(http);
    });

    /// <summary>The page number when the query asks for nothing but a page (as the page binds it), else null.</summary>
    private static int? PageAsked(IQueryCollection query) => query.Count switch
    {
        0 => 1,
        1 when query.TryGetValue("p", out var p) && p.Count == 1 && int.TryParse(p[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };
}
