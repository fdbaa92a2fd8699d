namespace KnowledgeHub.Features.Forum;

/// <summary>
/// Browsers do not apply CORS to WebSockets: a page on another site could open our hub with the member's cookie.
/// A hub request whose Origin is not this site is refused. (Non-browser clients send no Origin.)
/// </summary>
public static class HubOriginCheck
{
    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app, PathString hubs) => app.Use((context, next) =>
    {
        if (context.Request.Path.StartsWithSegments(hubs) && context.Request.Headers.Origin is { Count: > 0 } origin
            && (!Uri.TryCreate(origin.ToString(), UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }
        return next();
    });
}
