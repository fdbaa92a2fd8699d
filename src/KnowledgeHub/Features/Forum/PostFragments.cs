using System.Globalization;
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
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 32 * 1024 * 1024 }); // in characters

    public async Task<IHtmlContent> RenderAsync(IHtmlHelper html, PostView view)
    {
        if (view.FormToken is null && (view.CanReact || view.CanAccept)) return await html.PartialAsync("_Post", view);
        var key = KeyFor(view);
        if (!cache.TryGetValue(key, out string[]? parts))
        {
            var content = await html.PartialAsync("_Post", view.FormToken is null ? view : view with { FormToken = TokenPlaceholder });
            await using var writer = new StringWriter();
            content.WriteTo(writer, HtmlEncoder.Default);
            var rendered = writer.ToString();
            parts = rendered.Split(HtmlEncoder.Default.Encode(TokenPlaceholder));
            cache.Set(key, parts, new MemoryCacheEntryOptions { Size = rendered.Length, SlidingExpiration = TimeSpan.FromMinutes(10) });
        }
        return new HtmlString(parts!.Length == 1 ? parts[0] : string.Join(HtmlEncoder.Default.Encode(view.FormToken!), parts));
    }

    private static string KeyFor(PostView view)
    {
        var (post, thread) = (view.Post, view.Thread);
        var mine = 0;
        if (view.Me is Guid me)
            for (var i = 0; i < Reactions.All.Length; i++)
                if (post.Reactions.GetValueOrDefault(Reactions.All[i].Key)?.Contains(me) == true) mine |= 1 << i;
        var may = (view.ShowText ? 1 : 0) | (view.CanEdit ? 2 : 0) | (view.CanDelete ? 4 : 0) | (view.CanReact ? 8 : 0) | (view.CanAccept ? 16 : 0) |
            (view.Me is Guid reader && reader != post.AuthorId ? 32 : 0) | (view.FormToken is null ? 0 : 64) | (thread.Locked ? 128 : 0);
        return string.Create(CultureInfo.InvariantCulture,
            $"{post.Id:N}:{thread.EventSeq}:{thread.AcceptedPostNumber}:{post.EditedAt?.UtcTicks}:{post.Deleted}:{post.Hidden}:{may}:{mine}:{CultureInfo.CurrentUICulture.Name}:{CultureInfo.CurrentCulture.Name}");
    }
}
