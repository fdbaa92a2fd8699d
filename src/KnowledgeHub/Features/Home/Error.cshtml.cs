using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KnowledgeHub.Features.Home;

/// <summary>Status pages re-execute the original request, which may be a form post: no antiforgery check here.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; } = 500;

    public void OnGet(int? code) => Code = code ?? 500;

    public void OnPost(int? code) => Code = code ?? 500;
}
