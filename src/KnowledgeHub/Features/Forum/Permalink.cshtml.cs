using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Forum;

/// <summary>/t/{id}/{number} and /t/{id}/unread: land on the page that holds the post, scrolled to it.</summary>
public sealed class PermalinkModel(IDocumentSession session, IOptions<ForumOptions> options) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, string target, CancellationToken ct)
    {
        if (await session.ReadableThreadAsync(id, User, ct) is not (var thread, _)) return NotFound();
        int number;
        if (target == "unread")
        {
            var reading = User.MemberId() is Guid me ? await session.LoadAsync<Reading>(Reading.IdFor(me, id), ct) : null;
            number = Math.Min((reading?.LastReadNumber ?? 0) + 1, thread.PostCount);
        }
        else if (!int.TryParse(target, out number) || number < 1 || number > thread.PostCount) return NotFound();
        return Redirect($"/t/{id}?p={ForumQueries.PageOf(number, options.Value.PostsPerPage)}#p{number}");
    }
}
