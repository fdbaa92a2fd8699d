using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Forum;

/// <summary>Autosave target for forum.js: keeps the text on the server as it is typed. Keys are checked against access.</summary>
[Authorize]
public sealed class DraftSaveModel(IDocumentSession session) : PageModel
{
    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync(string? key, string? title, string? body, string? tags, CancellationToken ct)
    {
        if (key is null || key.Length > 80 || !await AllowedAsync(key, ct)) return NotFound();
        await Drafts.SaveAsync(session, User.MemberId()!.Value, key, title, body, tags, ct);
        return new NoContentResult();
    }

    private async Task<bool> AllowedAsync(string key, CancellationToken ct)
    {
        var (kind, target) = key.IndexOf(':') is var i and > 0 ? (key[..i], key[(i + 1)..]) : ("", "");
        return kind switch
        {
            "new" => await session.LoadAsync<Space>(target, ct) is { } space && ForumAccess.CanPost(space, User),
            "reply" => Guid.TryParse(target, out var t) && await session.ReadableThreadAsync(t, User, ct) is (_, var s) && ForumAccess.CanPost(s, User),
            "edit" => Guid.TryParse(target, out var p) && await session.LoadAsync<Post>(p, ct) is { } post && post.AuthorId == User.MemberId(),
            _ => false,
        };
    }
}
