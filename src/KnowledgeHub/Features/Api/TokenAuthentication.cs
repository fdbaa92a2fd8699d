using System.Security.Claims;
using System.Text.Encodings.Web;
using KnowledgeHub.Features.Account;
using KnowledgeHub.Features.Members;
using Marten;
using Marten.Patching;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Api;

/// <summary>"Authorization: Bearer kh_…": the member behind a live token, with the same roles as on the pages.</summary>
public sealed class TokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDocumentStore store, TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(AccessToken.Marker, StringComparison.Ordinal) || token.Length > 100) return AuthenticateResult.Fail("Not a KnowledgeHub token.");

        await using var session = store.LightweightSession();
        var hash = Tokens.Hash(token);
        var stored = await session.Query<AccessToken>().FirstOrDefaultAsync(t => t.Hash == hash, Context.RequestAborted);
        if (stored is null || stored.Revoked) return AuthenticateResult.Fail("Unknown or revoked token.");
        var member = await session.LoadAsync<Member>(stored.MemberId, Context.RequestAborted);
        if (member is null || member.Suspended) return AuthenticateResult.Fail("The token's member cannot use the API.");

        var now = clock.GetUtcNow();
        if (stored.LastUsedAt is null || now - stored.LastUsedAt > TimeSpan.FromMinutes(5))
        {
            session.Patch<AccessToken>(stored.Id).Set(t => t.LastUsedAt, now);
            await session.SaveChangesAsync(Context.RequestAborted);
        }
        var principal = MemberSignIn.PrincipalFor(member);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(principal.Claims, SchemeName)), SchemeName));
    }
}
