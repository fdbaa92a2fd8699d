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

    public static string ThreadTag(Guid id) => $"thread:{id:N}";
    public static string SpaceTag(string slug) => $"space:{slug}";
    public const string ForumTag = "forum";
    public const string ContentTag = "content";

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
        if (http.GetRouteValue("id") is string id && Guid.TryParse(id, out var thread)) context.Tags.Add(ThreadTag(thread));
        if (http.GetRouteValue("slug") is string slug) context.Tags.Add(SpaceTag(slug));
        context.Tags.Add(ForumTag);
        context.Tags.Add(ContentTag);
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
        return services;
    }
}
