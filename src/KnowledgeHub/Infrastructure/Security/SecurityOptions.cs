namespace KnowledgeHub.Infrastructure.Security;

public sealed class SecurityOptions
{
    /// <summary>
    /// Production serves people over HTTPS only (secure cookies; plain HTTP is redirected). Set true only to try a
    /// Production build on a laptop or to benchmark it over plain HTTP on loopback.
    /// </summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Read before the app is built (cookie options need it), hence from configuration rather than IOptions.</summary>
    public static bool SecureCookies(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsProduction() && !(configuration.GetSection("Security").Get<SecurityOptions>()?.AllowInsecureHttp ?? false);
}

public static class HttpsOnly
{
    /// <summary>
    /// Behind a TLS proxy (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true) requests arrive as https. A plain-http request is
    /// sent to the https address instead of failing on secure cookies; health probes stay reachable over http.
    /// </summary>
    public static IApplicationBuilder UseHttpsOnlyForPeople(this IApplicationBuilder app, bool enabled) => !enabled ? app : app.Use((context, next) =>
    {
        if (context.Request.IsHttps || context.Request.Path.StartsWithSegments("/health")) return next();
        var request = context.Request;
        context.Response.Redirect($"https://{request.Host}{request.PathBase}{request.Path}{request.QueryString}", permanent: false);
        return Task.CompletedTask;
    });
}
