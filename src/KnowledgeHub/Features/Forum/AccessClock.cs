using Microsoft.AspNetCore.SignalR;

namespace KnowledgeHub.Features.Forum;

/// <summary>
/// The time <see cref="ForumAccess"/> decides at (an administrator's safeguarding opening ends at a given minute): the
/// app's injected <see cref="TimeProvider"/>, carried with each request and hub call the way HttpContext is. The access
/// rules are plain functions asked from every page, the API, the hub and search, so the clock travels with the call
/// rather than through all their signatures. Code acting outside a request passes its time (CanRead(space, member, now)).
/// </summary>
public static class AccessClock
{
    private static readonly AsyncLocal<TimeProvider?> current = new();

    public static DateTimeOffset Now => (current.Value ?? TimeProvider.System).GetUtcNow();

    public static void Use(TimeProvider clock) => current.Value = clock;

    /// <summary>Every request (pages, API, the hub's transports) decides access by the app's clock.</summary>
    public static IApplicationBuilder UseAccessClock(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        Use(context.RequestServices.GetRequiredService<TimeProvider>());
        await next(context);
    });
}

/// <summary>Hub methods run on the connection rather than inside the request that opened it: each call gets the app's clock too.</summary>
public sealed class AccessClockHubFilter(TimeProvider clock) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        AccessClock.Use(clock);
        return await next(invocation);
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        AccessClock.Use(clock);
        await next(context);
    }
}
