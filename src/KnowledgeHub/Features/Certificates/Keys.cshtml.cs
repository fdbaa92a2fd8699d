using KnowledgeHub.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Certificates;

[Authorize(Policy = AccountModule.AdministratorPolicy)]
public sealed class KeysModel(CredentialKeys keys, IStringLocalizer<SharedResource> L) : PageModel
{
    public IReadOnlyList<CredentialKey> Keys { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Keys = await keys.PublishedAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await keys.RotateAsync(ct);
        TempData["Notice"] = L["A new signing key is active. Earlier keys stay published."].Value;
        return Redirect("/admin/credential-keys");
    }
}
