using System.Security.Claims;
using KnowledgeHub.Features.Account;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Localization;
using KnowledgeHub.Infrastructure.Themes;
using Marten;
using Marten.Patching;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Preferences;

/// <summary>Interface language and display theme (kept in cookies, and for members also on their account); for members, email and time zone.</summary>
public sealed class IndexModel(IDocumentSession session, ThemeCatalog themes, MemberSignIn signIn, IStringLocalizer<SharedResource> L) : PageModel
{
    public IReadOnlyList<Theme> Themes => themes.Themes;
    public Theme CurrentTheme => themes.For(HttpContext);

    public EmailFrequency? EmailFrequency { get; private set; }
    /// <summary>The member's chosen time zone (null: their country's, if it has one).</summary>
    public string? TimeZone { get; private set; }
    public string? CountryTimeZone { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) && await session.LoadAsync<Member>(id, ct) is { } member)
            (EmailFrequency, TimeZone, CountryTimeZone) = (member.EmailNotifications, member.TimeZone, TimeZones.ForCountry(member.Country));
    }

    /// <summary>Empty follows the country; anything else must be one of the listed IANA ids.</summary>
    public async Task<IActionResult> OnPostTimeZoneAsync(string? timeZone, CancellationToken ct)
    {
        if (!Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return Challenge();
        var chosen = string.IsNullOrEmpty(timeZone) ? null : TimeZones.Find(timeZone)?.Id;
        if (!string.IsNullOrEmpty(timeZone) && chosen is null)
        {
            await OnGetAsync(ct);
            ModelState.AddModelError(nameof(timeZone), L["Choose a time zone from the list."]);
            return Page();
        }
        session.Patch<Member>(id).Set(m => m.TimeZone, chosen);
        await session.SaveChangesAsync(ct);
        return LocalRedirect("/preferences");
    }

    public async Task<IActionResult> OnPostEmailAsync(EmailFrequency frequency, CancellationToken ct)
    {
        if (!Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return Challenge();
        if (!Enum.IsDefined(frequency)) return BadRequest();
        session.Patch<Member>(id).Set(m => m.EmailNotifications, frequency);
        await session.SaveChangesAsync(ct);
        return LocalRedirect("/preferences");
    }

    public async Task<IActionResult> OnPostLanguageAsync(string? culture, string? returnUrl, CancellationToken ct)
    {
        if (!LocalizationModule.IsSupported(culture)) return BadRequest();
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture!)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps, IsEssential = true });
        if (Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) && await session.LoadAsync<Member>(id, ct) is { } member)
        {
            session.Patch<Member>(id).Set(m => m.PreferredCulture, culture);
            await session.SaveChangesAsync(ct);
            member.PreferredCulture = culture;
            await signIn.SignInAsync(member); // the member's setting wins over the cookie, so refresh it now
        }
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    public IActionResult OnPostTheme(string? theme, string? returnUrl)
    {
        if (themes.Themes.All(t => t.Name != theme)) return BadRequest();
        Response.Cookies.Append(ThemeCatalog.CookieName, theme!,
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps, IsEssential = true });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/preferences");
    }
}
