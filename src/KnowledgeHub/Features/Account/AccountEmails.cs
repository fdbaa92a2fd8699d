using System.Net;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure;
using KnowledgeHub.Infrastructure.Email;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Account;

/// <summary>The emails accounts send: confirm an address, reset a password. Links use the configured public URL.</summary>
public sealed class AccountEmails(IEmailSender sender, IOptions<SiteOptions> site, IHttpContextAccessor http, IStringLocalizer<SharedResource> L)
{
    public Task SendConfirmationAsync(Member member, string token, CancellationToken ct) =>
        SendAsync(member, L["Confirm your email address"], L["Welcome, {0}. Open this link to confirm your email address and start taking part:", member.Name],
            Link($"/account/confirm-email?member={member.Id}&token={Uri.EscapeDataString(token)}"), ct);

    public Task SendPasswordResetAsync(Member member, string token, CancellationToken ct) =>
        SendAsync(member, L["Reset your password"], L["Someone asked to reset the password for this address. If it was you, open this link within an hour. If not, ignore this email."],
            Link($"/account/reset-password?member={member.Id}&token={Uri.EscapeDataString(token)}"), ct);

    private string Link(string pathAndQuery)
    {
        var configured = site.Value.PublicUrl;
        var request = http.HttpContext?.Request;
        var root = !string.IsNullOrWhiteSpace(configured) ? configured.TrimEnd('/')
            : request is not null ? $"{request.Scheme}://{request.Host}{request.PathBase}" : "http://127.0.0.1:5080";
        return root + pathAndQuery;
    }

    private Task SendAsync(Member member, string subject, string intro, string link, CancellationToken ct)
    {
        var name = site.Value.Name;
        var text = $"{intro}\n\n{link}\n\n— {name}";
        var html = $"<p>{WebUtility.HtmlEncode(intro)}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(link)}</a></p><p>— {WebUtility.HtmlEncode(name)}</p>";
        return sender.SendAsync(new EmailMessage(member.Email, member.Name, $"{subject} — {name}", text, html), ct);
    }
}
