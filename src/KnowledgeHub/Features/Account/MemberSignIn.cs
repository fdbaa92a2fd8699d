using System.Security.Claims;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Localization;
using Marten;
using Marten.Patching;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Account;

public enum SignInOutcome { Success, WrongCredentials, LockedOut, Suspended, EmailNotConfirmed }

public sealed record SignInResult(SignInOutcome Outcome, Member? Member = null, DateTimeOffset? LockedUntil = null);

/// <summary>Checks credentials with lockout, and issues or refreshes the member's cookie.</summary>
public sealed class MemberSignIn(IDocumentSession session, IPasswordHasher<Member> hasher, IOptions<AccountOptions> options,
    IHttpContextAccessor http, TimeProvider clock, ILogger<MemberSignIn> logger)
{
    public const string StampClaim = "kh:stamp";

    public async Task<SignInResult> PasswordSignInAsync(string email, string password, bool remember, CancellationToken ct)
    {
        var member = await session.Query<Member>().FirstOrDefaultAsync(m => m.EmailNormalized == Member.Normalize(email), ct);
        if (member is null)
        {
            hasher.HashPassword(new Member(), password); // same work as a real check: no timing hint that the email is unknown
            return new(SignInOutcome.WrongCredentials);
        }

        var record = await session.LoadAsync<SignInRecord>(member.Id, ct) ?? new SignInRecord { Id = member.Id };
        var now = clock.GetUtcNow();
        if (record.LockedUntil > now) return new(SignInOutcome.LockedOut, member, record.LockedUntil);

        var verdict = hasher.VerifyHashedPassword(member, member.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            record.FailedAttempts++;
            if (record.FailedAttempts >= options.Value.MaxFailedSignIns)
            {
                record.LockedUntil = now.AddMinutes(options.Value.LockoutMinutes);
                record.FailedAttempts = 0;
                logger.LogWarning("Member {MemberId} locked out until {LockedUntil}", member.Id, record.LockedUntil);
            }
            session.Store(record);
            await session.SaveChangesAsync(ct);
            return record.LockedUntil > now ? new(SignInOutcome.LockedOut, member, record.LockedUntil) : new(SignInOutcome.WrongCredentials);
        }

        if (member.Suspended) return new(SignInOutcome.Suspended, member);
        if (!member.EmailConfirmed) return new(SignInOutcome.EmailNotConfirmed, member);

        record.FailedAttempts = 0;
        record.LockedUntil = null;
        record.LastSignInAt = now;
        session.Store(record);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            session.Patch<Member>(member.Id).Set(m => m.PasswordHash, hasher.HashPassword(member, password));
        await session.SaveChangesAsync(ct);
        await SignInAsync(member, remember);
        return new(SignInOutcome.Success, member);
    }

    public Task SignInAsync(Member member, bool remember = false) =>
        http.HttpContext!.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalFor(member),
            new AuthenticationProperties { IsPersistent = remember });

    public static ClaimsPrincipal PrincipalFor(Member member)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, member.Id.ToString()),
            new(ClaimTypes.Name, member.Name),
            new(ClaimTypes.Email, member.Email),
            new(StampClaim, member.SecurityStamp),
        };
        if (member.PreferredCulture is { Length: > 0 } culture) claims.Add(new(LocalizationModule.CultureClaim, culture));
        claims.AddRange(member.Roles.Distinct().Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>
    /// Every few seconds (configurable), re-reads the member behind a cookie: a suspension, a password reset or a role
    /// change ends or refreshes the session without waiting for the cookie to expire.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var interval = TimeSpan.FromSeconds(services.GetRequiredService<IOptions<AccountOptions>>().Value.RevalidateSeconds);
        var checks = services.GetRequiredService<MemberChecks>();
        var id = Guid.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var g) ? g : Guid.Empty;
        var fingerprint = context.Principal is null ? "" : MemberChecks.Fingerprint(context.Principal);

        var entry = id == Guid.Empty ? null : checks.Recent(id, interval);
        if (entry is { Member: { Suspended: false } } && entry.Fingerprint == fingerprint) return; // checked recently and unchanged

        // Nothing recent, or the cookie disagrees with what this node remembers: read the member again before deciding.
        Member? member = null;
        if (id != Guid.Empty)
        {
            await using var query = services.GetRequiredService<IDocumentStore>().QuerySession();
            member = await query.LoadAsync<Member>(id);
            entry = checks.Remember(id, member);
        }
        if (member is null || member.Suspended || member.SecurityStamp != context.Principal!.FindFirstValue(StampClaim))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (entry!.Fingerprint == fingerprint) return;
        context.ReplacePrincipal(PrincipalFor(member)); // picks up a new name, culture or roles
        context.ShouldRenew = true;
    }
}
