using KnowledgeHub.Features.Forum;
using KnowledgeHub.Infrastructure.Text;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Api;

/// <summary>The member's personal access tokens: create (shown once), see when each was last used, revoke.</summary>
[Authorize]
public sealed class TokensModel(IDocumentSession session, IStringLocalizer<SharedResource> L) : PageModel
{
    public IReadOnlyList<AccessToken> Items { get; private set; } = [];
    [BindProperty] public string? Name { get; set; }
    public string? NewToken { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var name = TextRules.Clean(Name);
        if (TextRules.HasForbiddenCharacters(Name) || name.Length is 0 or > 60) ModelState.AddModelError(nameof(Name), L["Name the token (up to 60 characters), for example the script that uses it."]);
        await LoadAsync(ct);
        if (Items.Count(t => !t.Revoked) >= 20) ModelState.AddModelError(nameof(Name), L["You have 20 tokens: revoke one first."]);
        if (!ModelState.IsValid) return Page();
        var token = AccessToken.Marker + Account.Tokens.NewSecret();
        session.Insert(new AccessToken { MemberId = User.MemberId()!.Value, Name = name, Hash = Account.Tokens.Hash(token), Prefix = token[..10], CreatedAt = DateTimeOffset.UtcNow });
        await session.SaveChangesAsync(ct);
        NewToken = token; // shown on this response only
        Name = null;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        var token = await session.LoadAsync<AccessToken>(id, ct);
        if (token is null || token.MemberId != User.MemberId()) return NotFound();
        token.Revoked = true;
        session.Store(token);
        await session.SaveChangesAsync(ct);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = User.MemberId()!.Value;
        Items = await session.Query<AccessToken>().Where(t => t.MemberId == me).OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
    }
}
