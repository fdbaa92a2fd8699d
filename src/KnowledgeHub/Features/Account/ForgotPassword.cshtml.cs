using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Account;

[EnableRateLimiting(AccountModule.RateLimitPolicy)]
public sealed class ForgotPasswordModel(IDocumentSession session, AccountEmails emails, IOptions<AccountOptions> options,
    TimeProvider clock, IStringLocalizer<SharedResource> L) : EmailLinkRequestModel(session, L)
{
    protected override Func<CancellationToken, Task>? PrepareLink(Member member)
    {
        var (token, hash) = Tokens.Create();
        member.ResetTokenHash = hash;
        member.ResetTokenExpires = clock.GetUtcNow().AddMinutes(options.Value.ResetTokenMinutes);
        return ct => emails.SendPasswordResetAsync(member, token, ct);
    }
}
