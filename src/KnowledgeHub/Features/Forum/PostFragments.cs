using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Caching.Memory;

namespace KnowledgeHub.Features.Forum;

/// <summary>
/// Rendered posts, shared by every reader who would see the same markup: rendering the <c>_Post</c> partial costs about as
/// much as the rest of a thread page, and twenty readers of a page almost always see the same twenty posts.
/// <para>
/// A fragment is keyed by everything its markup reads: the thread's live-update sequence (every visible change to any of its
/// posts takes the next number, see <see cref="ForumThread.NextEvent"/>) plus the thread and post fields shown, the
/// interface language, and what this reader may do with the post (text shown, edit, delete, react, accept, report, and which
/// reactions are theirs). Nothing in a fragment belongs to one reader alone: its buttons submit the page's one form
/// (<see cref="ThreadModel.ActionsForm"/>), which carries the reader's antiforgery token.
/// </para>
/// </summary>
public sealed class PostFragments(HtmlEncoder encoder)
{
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 32 * 1024 * 1024 }); // in characters (each kept as text and as UTF-8)

    /// <summary>The post's markup for this reader, rendered when no reader like them has seen this version of it yet.</summary>
    public async Task<IHtmlContent> RenderAsync(IHtmlHelper html, PostView view) => new HtmlString((await FragmentAsync(html, view)).Text);

    /// <summary>The post's markup for this reader as UTF-8, rendered when no reader like them has seen this version of it yet.</summary>
    public async Task<ReadOnlyMemory<byte>> RenderUtf8Async(IHtmlHelper html, PostView view) => (await FragmentAsync(html, view)).Utf8;

    /// <summary>The post's markup for this reader as UTF-8 when a reader like them has seen this version of it; else null.</summary>
    public byte[]? TryGet(PostView view) => cache.TryGetValue(KeyFor(view), out Fragment? fragment) ? fragment!.Utf8 : null;

    private async Task<Fragment> FragmentAsync(IHtmlHelper html, PostView view)
    {
        var key = KeyFor(view);
        if (cache.TryGetValue(key, out Fragment? fragment)) return fragment!;
        var text = Write(await html.PartialAsync("_Post", view));
        fragment = new(text, Encoding.UTF8.GetBytes(text));
        cache.Set(key, fragment, new MemoryCacheEntryOptions { Size = text.Length, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return fragment;
    }

    /// <summary>A kept post, as text (for pages) and as UTF-8 (for shells).</summary>
    private sealed record Fragment(string Text, byte[] Utf8);

    private string Write(IHtmlContent content)
    {
        using var writer = new StringWriter();
        content.WriteTo(writer, encoder);
        return writer.ToString();
    }

    private static FragmentKey KeyFor(PostView view)
    {
        var (post, thread) = (view.Post, view.Thread);
        var mine = 0;
        if (view.Me is Guid me)
            for (var i = 0; i < Reactions.All.Length; i++)
                if (post.Reactions.GetValueOrDefault(Reactions.All[i].Key)?.Contains(me) == true) mine |= 1 << i;
        var may = (view.ShowText ? 1 : 0) | (view.CanEdit ? 2 : 0) | (view.CanDelete ? 4 : 0) | (view.CanReact ? 8 : 0) | (view.CanAccept ? 16 : 0) |
            (view.Me is Guid reader && reader != post.AuthorId ? 32 : 0) | (thread.Locked ? 128 : 0) |
            (post.Deleted ? 256 : 0) | (post.Hidden ? 512 : 0);
        return new(post.Id, thread.EventSeq, thread.AcceptedPostNumber, post.EditedAt?.UtcTicks, may, mine, CultureInfo.CurrentUICulture.Name, CultureInfo.CurrentCulture.Name);
    }

    /// <summary>Everything a fragment's markup reads (a value, so the per-post lookups of a page allocate little).</summary>
    private readonly record struct FragmentKey(Guid Post, long EventSeq, int? Accepted, long? EditedTicks, int May, int Mine, string UiCulture, string Culture);
}
