using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Account;

[EnableRateLimiting(AccountModule.RateLimitPolicy)]
public sealed class ResendConfirmationModel(IDocumentSession session, AccountEmails emails, IOptions<AccountOptions> options,
    TimeProvider clock, IStringLocalizer<SharedResource> L) : EmailLinkRequestModel(session, L)
{
    protected override Func<CancellationToken, Task>? PrepareLink(Member member)
    {
        if (member.EmailConfirmed) return null;
        var (token, hash) = Tokens.Create();
        member.EmailTokenHash = hash;
        member.EmailTokenExpires = clock.GetUtcNow().AddHours(options.Value.EmailTokenHours);
        return ct => emails.SendConfirmationAsync(member, token, ct);
    }
}
