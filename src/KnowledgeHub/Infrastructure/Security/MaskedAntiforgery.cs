using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace KnowledgeHub.Infrastructure.Security;

/// <summary>
/// ASP.NET Core's antiforgery, with the request token issued once per browser and identity and masked afresh for every
/// response.
/// <para>
/// The framework encrypts a new request token for every page that has a form (every page a member sees: the sign-out
/// button is one). On Linux that one encryption was about 5% of a signed-in thread page's CPU. A request token is only
/// bound to the browser's antiforgery cookie and to who is signed in, so for the same cookie and identity an earlier token
/// is exactly as valid; it is kept for a while and reused.
/// </para>
/// <para>
/// Reused as is, the token would be the same bytes in every response, which is what compression side channels (BREACH)
/// need. So a page never carries the kept token itself: each response gets it XOR-ed with a fresh random pad, the pad sent
/// alongside (<c>m.</c> + base64url(pad ‖ token ⊕ pad)), as Rails and Django do. Before validation the mask is taken off and
/// the framework validates the real token as usual; a value that is not a mask is validated as it came.
/// </para>
/// </summary>
public sealed class MaskedAntiforgery(IAntiforgery inner, IOptions<AntiforgeryOptions> options, TimeProvider clock) : IAntiforgery
{
    private const string Prefix = "m.";
    private const int Capacity = 50_000;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(20);
    private static readonly object ItemKey = new();
    private readonly ConcurrentDictionary<(string Cookie, string Identity), (string Token, long Until)> kept = new();

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext)
    {
        if (httpContext.Items[ItemKey] is AntiforgeryTokenSet given) return given; // one token per response: every form carries the same
        var key = KeyFor(httpContext);
        AntiforgeryTokenSet set;
        if (key is { } k && kept.TryGetValue(k, out var hit) && hit.Until > clock.GetTimestamp())
        {
            if (!httpContext.Response.HasStarted) NoCache(httpContext.Response.Headers); // what the framework does for every token
            set = new(Mask(hit.Token), null, options.Value.FormFieldName, options.Value.HeaderName);
        }
        else
        {
            var fresh = inner.GetAndStoreTokens(httpContext);
            if (key is { } known && fresh.CookieToken is null && fresh.RequestToken is { } token) // the browser's cookie was valid and stays
            {
                if (kept.Count >= Capacity) kept.Clear();
                kept[known] = (token, clock.GetTimestamp() + (long)(Lifetime.TotalSeconds * clock.TimestampFrequency));
            }
            set = new(fresh.RequestToken is { } t ? Mask(t) : null, fresh.CookieToken, fresh.FormFieldName, fresh.HeaderName);
        }
        httpContext.Items[ItemKey] = set;
        return set;
    }

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext)
    {
        var set = inner.GetTokens(httpContext);
        return new(set.RequestToken is { } t ? Mask(t) : null, set.CookieToken, set.FormFieldName, set.HeaderName);
    }

    public async Task<bool> IsRequestValidAsync(HttpContext httpContext)
    {
        await UnmaskAsync(httpContext);
        return await inner.IsRequestValidAsync(httpContext);
    }

    public async Task ValidateRequestAsync(HttpContext httpContext)
    {
        await UnmaskAsync(httpContext);
        await inner.ValidateRequestAsync(httpContext);
    }

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);

    /// <summary>The token's pad and masked bytes; a token that is not base64url (never, from the framework) goes out as it is.</summary>
    internal static string Mask(string token)
    {
        byte[] plain;
        try { plain = WebEncoders.Base64UrlDecode(token); }
        catch (FormatException) { return token; }
        var both = new byte[plain.Length * 2];
        RandomNumberGenerator.Fill(both.AsSpan(0, plain.Length));
        for (var i = 0; i < plain.Length; i++) both[plain.Length + i] = (byte)(plain[i] ^ both[i]);
        return Prefix + WebEncoders.Base64UrlEncode(both);
    }

    /// <summary>The real token under a mask, or null when the value is not one of our masks.</summary>
    internal static string? Unmask(string? value)
    {
        if (value is null || !value.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        byte[] both;
        try { both = WebEncoders.Base64UrlDecode(value, Prefix.Length, value.Length - Prefix.Length); }
        catch (FormatException) { return null; }
        if (both.Length == 0 || both.Length % 2 != 0) return null;
        var half = both.Length / 2;
        var plain = new byte[half];
        for (var i = 0; i < half; i++) plain[i] = (byte)(both[half + i] ^ both[i]);
        return WebEncoders.Base64UrlEncode(plain);
    }

    /// <summary>Puts the real token where the framework reads it: the header, else the form field.</summary>
    private async Task UnmaskAsync(HttpContext httpContext)
    {
        var (request, o) = (httpContext.Request, options.Value);
        if (o.HeaderName is { } header && Unmask(request.Headers[header].ToString()) is { } fromHeader)
        {
            request.Headers[header] = fromHeader;
            return;
        }
        if (!request.HasFormContentType) return;
        var form = await request.ReadFormAsync(httpContext.RequestAborted);
        if (Unmask(form[o.FormFieldName].ToString()) is not { } fromForm) return;
        var fields = form.ToDictionary(f => f.Key, f => f.Value, StringComparer.OrdinalIgnoreCase);
        fields[o.FormFieldName] = new StringValues(fromForm);
        httpContext.Features.Set<IFormFeature>(new FormFeature(new FormCollection(fields, form.Files)));
    }

    /// <summary>What a request token is bound to: the browser's antiforgery cookie and the identity the framework reads.</summary>
    private (string, string)? KeyFor(HttpContext httpContext)
    {
        if (options.Value.Cookie.Name is not { } name || httpContext.Request.Cookies[name] is not { Length: > 0 } cookie) return null;
        if (httpContext.User.Identity is not ClaimsIdentity { IsAuthenticated: true } identity) return (cookie, "");
        // The framework binds a signed-in user's token to the first of these claims it finds (else to all claims: not kept).
        var values = new[] { "sub", ClaimTypes.NameIdentifier, ClaimTypes.Upn }.Select(t => identity.FindFirst(t)?.Value).ToArray();
        return values.All(v => v is null) ? null : (cookie, $"{identity.AuthenticationType}|{string.Join('|', values)}");
    }

    private static void NoCache(IHeaderDictionary headers)
    {
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
    }
}

public static class MaskedAntiforgeryExtensions
{
    /// <summary>Wraps the registered antiforgery service (call after AddAntiforgery).</summary>
    public static IServiceCollection MaskAntiforgeryTokens(this IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IAntiforgery));
        services.Remove(original);
        services.AddSingleton<IAntiforgery>(sp => new MaskedAntiforgery(
            original.ImplementationInstance as IAntiforgery
                ?? (IAntiforgery?)original.ImplementationFactory?.Invoke(sp)
                ?? (IAntiforgery)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!),
            sp.GetRequiredService<IOptions<AntiforgeryOptions>>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }
}
