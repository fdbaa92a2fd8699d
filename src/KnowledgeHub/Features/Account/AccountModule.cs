using System.Threading.RateLimiting;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Security;
using Marten;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace KnowledgeHub.Features.Account;

public sealed class AccountOptions
{
    public int MaxFailedSignIns { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;
    /// <summary>Posts per minute per client address to sign-in, sign-up and password reset.</summary>
    public int FormPostsPerMinute { get; set; } = 10;
    /// <summary>How often a signed-in cookie is checked against the member (suspension, role or password changes).</summary>
    public int RevalidateSeconds { get; set; } = 30;
    public int EmailTokenHours { get; set; } = 48;
    public int ResetTokenMinutes { get; set; } = 60;
}

public static class AccountModule
{
    public const string AdministratorPolicy = "Administrator";
    public const string RateLimitPolicy = "account-forms";

    public static IServiceCollection AddAccounts(this IServiceCollection services, bool secureCookies)
    {
        services.AddOptions<AccountOptions>().BindConfiguration("Account").ValidateOnStart();
        services.AddSingleton<IPasswordHasher<Member>, PasswordHasher<Member>>();
        services.AddScoped<MemberSignIn>();
        services.AddSingleton<MemberChecks>();
        services.AddScoped<AccountEmails>();
        services.ConfigureMarten(o =>
        {
            o.Schema.For<Member>().UniqueIndex(m => m.EmailNormalized).UniqueIndex(m => m.Handle).Index(m => m.Name);
            o.Schema.For<SignInRecord>();
        });

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = "/account/sign-in";
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "kh.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = MemberSignIn.ValidateAsync;
        });
        services.RememberCookieTickets(CookieAuthenticationDefaults.AuthenticationScheme);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdministratorPolicy, p => p.RequireRole(nameof(Role.Administrator)));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only posts count: reading the sign-in page is free, hammering it is not.
            o.AddPolicy(RateLimitPolicy, context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method)) return RateLimitPartition.GetNoLimiter("read");
                var limit = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountOptions>>().Value.FormPostsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        return services;
    }
}
