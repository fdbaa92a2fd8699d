using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Infrastructure.Security;

/// <summary>
/// Remembers what data protection recently unprotected. A signed-in browser sends the same authentication and antiforgery
/// cookies on every request, and on Linux each unprotect derives keys and creates fresh AES and HMAC objects (finalised
/// later on the GC's finaliser thread): measured here, that alone held a signed-in request to about 3,200 requests/s
/// against 25,000 without the cookie. Unprotecting is a pure function of the bytes and the key ring, so the answer for the
/// same bytes is reused for a few minutes. Only successful answers are remembered (a tampered cookie is checked every
/// time), a revoked key stops being honoured once the entry expires, and protecting is never cached (each call still
/// gets a fresh IV).
/// </summary>
public sealed class RememberedUnprotectProvider(IDataProtectionProvider inner, TimeProvider clock) : IDataProtectionProvider
{
    public IDataProtector CreateProtector(string purpose) => new Protector(inner.CreateProtector(purpose), clock);

    private sealed class Protector(IDataProtector inner, TimeProvider clock) : IDataProtector
    {
        private readonly RecentAnswers<string, byte[]> remembered = new(clock, StringComparer.Ordinal);

        public IDataProtector CreateProtector(string purpose) => new Protector(inner.CreateProtector(purpose), clock);

        public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

        public byte[] Unprotect(byte[] protectedData)
        {
            var key = Convert.ToBase64String(protectedData);
            if (remembered.Get(key) is { } known) return (byte[])known.Clone();
            var plain = inner.Unprotect(protectedData); // throws for tampered or unknown-key data: nothing remembered
            remembered.Set(key, (byte[])plain.Clone());
            return plain;
        }
    }
}

public static class RememberedUnprotectExtensions
{
    /// <summary>Wraps the registered data-protection provider (call after AddDataProtection).</summary>
    public static IServiceCollection RememberUnprotectedData(this IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IDataProtectionProvider));
        services.Remove(original);
        services.AddSingleton<IDataProtectionProvider>(sp =>
        {
            var inner = original.ImplementationInstance as IDataProtectionProvider
                ?? (IDataProtectionProvider?)original.ImplementationFactory?.Invoke(sp)
                ?? (IDataProtectionProvider)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!);
            return new RememberedUnprotectProvider(inner, sp.GetService<TimeProvider>() ?? TimeProvider.System);
        });
        return services;
    }
}

/// <summary>
/// The sign-in cookie's ticket, remembered by the cookie's text: a browser sends the same cookie on every request, and
/// turning it into a ticket (base64, unprotect, reading the claims) was about 4% of a signed-in thread page's CPU. Like
/// <see cref="RememberedUnprotectProvider"/> it is a pure function of the text and the key ring: only successful answers are
/// remembered, for a few minutes. Every request gets its own copy, so nothing one request does to its user reaches another.
/// The handler still checks the ticket's expiry and the member (see MemberSignIn.ValidateAsync) on every request.
/// </summary>
public sealed class RememberedTickets(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock) : ISecureDataFormat<AuthenticationTicket>
{
    private readonly RecentAnswers<(string Text, string? Purpose), AuthenticationTicket> remembered = new(clock);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null) return null;
        if (remembered.Get((protectedText, purpose)) is { } known) return known.Clone();
        if (inner.Unprotect(protectedText, purpose) is not { } ticket) return null; // a tampered or unknown cookie: nothing remembered
        remembered.Set((protectedText, purpose), ticket);
        return ticket.Clone();
    }
}

public static class RememberedTicketsExtensions
{
    /// <summary>Wraps the ticket format of a cookie scheme (call after AddCookie: runs after the framework's own set-up).</summary>
    public static IServiceCollection RememberCookieTickets(this IServiceCollection services, string scheme)
    {
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>>(sp => new PostConfigureOptions<CookieAuthenticationOptions>(scheme,
            o => o.TicketDataFormat = new RememberedTickets(o.TicketDataFormat, sp.GetService<TimeProvider>() ?? TimeProvider.System)));
        return services;
    }
}

/// <summary>
/// Answers of a pure function remembered for a few minutes, in a bounded table (cleared when full: a cleared answer only
/// costs working it out again). Callers remember only successful answers and hand out copies of what they keep.
/// </summary>
internal sealed class RecentAnswers<TKey, TValue>(TimeProvider clock, IEqualityComparer<TKey>? comparer = null) where TKey : notnull where TValue : class
{
    private const int Capacity = 20_000;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<TKey, (TValue Value, long Until)> answers = new(comparer);

    public TValue? Get(TKey key) => answers.TryGetValue(key, out var hit) && hit.Until > clock.GetTimestamp() ? hit.Value : null;

    public void Set(TKey key, TValue value)
    {
        if (answers.Count >= Capacity) answers.Clear();
        answers[key] = (value, clock.GetTimestamp() + (long)(Lifetime.TotalSeconds * clock.TimestampFrequency));
    }
}
