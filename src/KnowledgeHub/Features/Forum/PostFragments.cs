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
/// reactions are theirs). The reader's antiforgery token is the one per-reader value inside a fragment: it is rendered as a
/// placeholder and put back on the way out, never stored. A post whose forms would get a token of their own is not cached.
/// </para>
/// </summary>
public sealed class PostFragments
{
    private const string TokenPlaceholder = "\u0001kh-form-token\u0001"; // cannot occur in a post: the sanitizer and encoder drop control characters
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 32 * 1024 * 1024 }); // in characters (each kept as text and as UTF-8)

    public async Task<IHtmlContent> RenderAsync(IHtmlHelper html, PostView view) => new HtmlString(await RenderStringAsync(html, view));

    /// <summary>The post's markup for this reader, rendered when no reader like them has seen this version of it yet.</summary>
    public async Task<string> RenderStringAsync(IHtmlHelper html, PostView view)
    {
        if (!Shared(view)) return Write(await html.PartialAsync("_Post", view));
        var key = KeyFor(view);
        if (!cache.TryGetValue(key, out Fragment? fragment))
        {
            var rendered = Write(await html.PartialAsync("_Post", view.FormToken is null ? view : view with { FormToken = TokenPlaceholder }));
            var parts = rendered.Split(HtmlEncoder.Default.Encode(TokenPlaceholder));
            fragment = new(parts, [.. parts.Select(Encoding.UTF8.GetBytes)]);
            cache.Set(key, fragment, new MemoryCacheEntryOptions { Size = rendered.Length, SlidingExpiration = TimeSpan.FromMinutes(10) });
        }
        return fragment!.Parts.Length == 1 ? fragment.Parts[0] : string.Join(HtmlEncoder.Default.Encode(view.FormToken!), fragment.Parts);
    }

    /// <summary>
    /// The post's markup for this reader as UTF-8 pieces, added to <paramref name="pieces"/>, when a reader like them has seen
    /// this version of it; else false. Nothing is copied: the pieces are the kept fragment's and the encoded token.
    /// </summary>
    public bool TryGet(PostView view, ReadOnlyMemory<byte> encodedToken, List<ReadOnlyMemory<byte>> pieces)
    {
        if (!Shared(view) || !cache.TryGetValue(KeyFor(view), out Fragment? fragment)) return false;
        for (var i = 0; i < fragment!.Utf8.Length; i++)
        {
            if (i > 0) pieces.Add(encodedToken);
            pieces.Add(fragment.Utf8[i]);
        }
        return true;
    }

    /// <summary>A post whose forms would get a token of their own (none was handed over) is rendered for its reader alone.</summary>
    private static bool Shared(PostView view) => view.FormToken is not null || !(view.CanReact || view.CanAccept);

    /// <summary>A kept post: its markup cut where the reader's token goes, as text (for pages) and as UTF-8 (for shells).</summary>
    private sealed record Fragment(string[] Parts, byte[][] Utf8);

    private static string Write(IHtmlContent content)
    {
        using var writer = new StringWriter();
        content.WriteTo(writer, HtmlEncoder.Default);
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
            (view.Me is Guid reader && reader != post.AuthorId ? 32 : 0) | (view.FormToken is null ? 0 : 64) | (thread.Locked ? 128 : 0) |
            (post.Deleted ? 256 : 0) | (post.Hidden ? 512 : 0);
        return new(post.Id, thread.EventSeq, thread.AcceptedPostNumber, post.EditedAt?.UtcTicks, may, mine, CultureInfo.CurrentUICulture.Name, CultureInfo.CurrentCulture.Name);
    }

    /// <summary>Everything a fragment's markup reads (a value, so the per-post lookups of a page allocate little).</summary>
    private readonly record struct FragmentKey(Guid Post, long EventSeq, int? Accepted, long? EditedTicks, int May, int Mine, string UiCulture, string Culture);
}
