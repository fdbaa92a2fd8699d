using System.Globalization;
using KnowledgeHub.Infrastructure.Themes;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Infrastructure;

public sealed class PageCacheOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>Upper bound on staleness; every committed change evicts its own pages on this node at once.</summary>
    public int Seconds { get; set; } = 30;
}

/// <summary>
/// Whole pages cached for visitors who are not signed in (by path, query, language and theme). Members always get a
/// fresh page. Only 200 responses that set no cookie are kept, so nothing personal or private is ever stored:
/// private spaces are 404 to visitors, and a 404 is not cached.
/// </summary>
public sealed class VisitorPagePolicy(IOptions<PageCacheOptions> options) : IOutputCachePolicy
{
    public const string Name = "visitor-page";

    // What a cached page shows, so a change evicts exactly the pages that show it.
    public static string ThreadTag(Guid id) => $"thread:{id:N}";
    public static string SpaceTag(string spaceId) => $"space:{spaceId}";
    public const string ForumTag = "forum"; // the list of spaces
    public const string ContentTag = "content"; // pages and glossary from content/

    /// <summary>Tags the page being rendered (a no-op when it is not being cached).</summary>
    public static void Tag(HttpContext context, string tag) =>
        context.Features.Get<IOutputCacheFeature>()?.Context.Tags.Add(tag);

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var cacheable = options.Value.Enabled && HttpMethods.IsGet(http.Request.Method) && http.User.Identity?.IsAuthenticated != true;
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(options.Value.Seconds);
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByValues["culture"] = CultureInfo.CurrentUICulture.Name;
        context.CacheVaryByRules.VaryByValues["theme"] = http.Request.Cookies[ThemeCatalog.CookieName] ?? "";
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken ct)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0) context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}

public static class PageCacheModule
{
    public static IServiceCollection AddPageCache(this IServiceCollection services)
    {
        services.AddOptions<PageCacheOptions>().BindConfiguration("PageCache");
        services.AddSingleton<VisitorPagePolicy>();
        services.AddOutputCache(o => o.AddPolicy(VisitorPagePolicy.Name, b => b.AddPolicy<VisitorPagePolicy>()));
        services.AddSingleton<PageShells>(); // members' pages: shared markup with per-member holes
        services.AddScoped<PageShell>();
        return services;
    }
}
