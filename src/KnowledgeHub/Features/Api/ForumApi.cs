using System.Security.Claims;
using System.Threading.RateLimiting;
using KnowledgeHub.Features.Forum;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Api;

public sealed class ApiOptions
{
    /// <summary>Requests per minute per token (or per address without one); past it, 429.</summary>
    public int RequestsPerMinute { get; set; } = 120;
}

/// <summary>
/// /api: spaces, threads, replies and reactions for scripts and apps, with the same checks and permissions as the
/// pages (PostWriter and ForumAccess). Reads work without a token for what visitors may see; writes need a token.
/// Anything the caller may not read is 404, exactly like a thread that does not exist.
/// </summary>
public static class ForumApi
{
    public const string RateLimitPolicy = "api";
    public const string WriterPolicy = "api-writer";

    public sealed record SpaceDto(string Slug, string Name, string Summary, string Visibility, int ThreadCount);
    public sealed record ThreadSummaryDto(Guid Id, string Space, string Title, string Kind, IReadOnlyList<string> Tags, string Author, DateTimeOffset CreatedAt,
        DateTimeOffset LastActivityAt, int PostCount, bool Pinned, bool Locked, int? AcceptedPostNumber);
    public sealed record PostDto(Guid Id, int Number, Guid AuthorId, string Author, string? Markdown, string? Html, int? ReplyTo, DateTimeOffset CreatedAt,
        DateTimeOffset? EditedAt, bool Deleted, bool Hidden, IReadOnlyDictionary<string, int> Reactions);
    public sealed record ThreadDto(ThreadSummaryDto Thread, int Page, int Pages, IReadOnlyList<PostDto> Posts);
    public sealed record ThreadListDto(SpaceDto Space, int Page, int Pages, IReadOnlyList<ThreadSummaryDto> Threads);
    public sealed record NewThreadRequest(string? Title, string? Body, string? Tags, string? Kind, string? Language = null);
    public sealed record ReplyRequest(string? Body, int? ReplyTo);
    public sealed record ReactionRequest(string? Reaction);

    public static IServiceCollection AddForumApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration("Api");
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(WriterPolicy, p => p.AddAuthenticationSchemes(TokenAuthentication.SchemeName).RequireAuthenticatedUser());
        services.Configure<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>(o => o.AddPolicy(RateLimitPolicy, context =>
        {
            var key = context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? Account.Tokens.Hash(auth) : context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var limit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RequestsPerMinute;
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        }));
        services.AddOpenApi();
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // caught by UseApiErrors
        services.ConfigureMarten(o => o.Schema.For<AccessToken>().UniqueIndex(t => t.Hash).Index(t => t.MemberId));
        return services;
    }

    /// <summary>A body that cannot be read (broken JSON, invalid text) is a 400 with problem details, in every environment.</summary>
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) => app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.Use(async (context, next) =>
    {
        try
        {
            await next();
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Results.ValidationProblem(new Dictionary<string, string[]> { ["request"] = [e.InnerException?.Message ?? e.Message] }).ExecuteAsync(context);
        }
    }));

    public static WebApplication MapForumApi(this WebApplication app)
    {
        app.MapOpenApi("/api/openapi/{documentName}.json");
        var api = app.MapGroup("/api").RequireRateLimiting(RateLimitPolicy).WithTags("Forum");

        api.MapGet("/spaces", async (HttpContext http, IQuerySession session, ForumReadCache reads, CancellationToken ct) =>
            await CallerAsync(http) is not { } user ? Results.Unauthorized()
            : Results.Ok((await session.ReadableSpacesAsync(user, ct, cache: reads)).Select(Dto).ToList()))
            .WithSummary("Spaces the caller may read");

        api.MapGet("/spaces/{slug}/threads", async (string slug, int? page, HttpContext http, IQuerySession session, IOptions<ForumOptions> options, CancellationToken ct) =>
        {
            if (await CallerAsync(http) is not { } user) return Results.Unauthorized();
            var space = await session.ReadableSpaceAsync(slug, user, ct);
            if (space is null) return Results.NotFound();
            var (threads, p, pages) = await session.ThreadsOnPageAsync(space.Id, includeDeleted: false, page ?? 1, options.Value.ThreadsPerPage, ct);
            return Results.Ok(new ThreadListDto(Dto(space), p, pages, threads.Select(t => Dto(t, space)).ToList()));
        }).WithSummary("Threads of a space, pinned first, then by latest activity");

        api.MapGet("/threads/{id:guid}", async (Guid id, int? page, HttpContext http, IQuerySession session, IOptions<ForumOptions> options, CancellationToken ct) =>
        {
            if (await CallerAsync(http) is not { } user) return Results.Unauthorized();
            if (await session.ReadableThreadAsync(id, user, ct) is not (var thread, var space)) return Results.NotFound();
            var per = options.Value.PostsPerPage;
            var pages = Math.Max(1, ForumQueries.PageOf(thread.PostCount, per));
            var p = Math.Clamp(page ?? 1, 1, pages);
            var posts = await session.PostsOnPageAsync(id, p, per, ct);
            return Results.Ok(new ThreadDto(Dto(thread, space), p, pages, posts.Select(x => Dto(x, space, user)).ToList()));
        }).WithSummary("A thread with one page of its posts");

        api.MapPost("/spaces/{slug}/threads", async (string slug, NewThreadRequest request, HttpContext http, IQuerySession session, PostWriter writer, CancellationToken ct) =>
        {
            var space = await session.ReadableSpaceAsync(slug, http.User, ct);
            if (space is null) return Results.NotFound();
            if (!Enum.TryParse<ThreadKind>(request.Kind ?? "Discussion", true, out var kind) || !Enum.IsDefined(kind))
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["kind must be Discussion, Question or Announcement."] });
            var result = await writer.CreateThreadAsync(http.User, space, request.Title, request.Body, request.Tags, kind, ct, request.Language);
            return result.Ok ? Results.Created($"/api/threads/{result.Thread!.Id}", Dto(result.Thread, space)) : Problem(result);
        }).RequireAuthorization(WriterPolicy).WithSummary("Start a thread");

        api.MapPost("/threads/{id:guid}/replies", async (Guid id, ReplyRequest request, HttpContext http, IQuerySession session, PostWriter writer, IOptions<ForumOptions> options, CancellationToken ct) =>
        {
            if (await session.ReadableThreadAsync(id, http.User, ct) is not (_, var space)) return Results.NotFound();
            var result = await writer.ReplyAsync(http.User, space, id, request.Body, request.ReplyTo, ct);
            return result.Ok ? Results.Created($"/api/threads/{id}?page={ForumQueries.PageOf(result.Post!.Number, options.Value.PostsPerPage)}", Dto(result.Post, space, http.User)) : Problem(result);
        }).RequireAuthorization(WriterPolicy).WithSummary("Reply to a thread");

        api.MapPost("/posts/{id:guid}/reactions", async (Guid id, ReactionRequest request, HttpContext http, IQuerySession session, PostWriter writer, CancellationToken ct) =>
        {
            if (await session.ReadablePostAsync(id, http.User, ct) is not (_, _, var space)) return Results.NotFound();
            var result = await writer.ReactAsync(http.User, space, id, request.Reaction, ct);
            return result.Ok ? Results.Ok(Dto(result.Post!, space, http.User)) : Problem(result);
        }).RequireAuthorization(WriterPolicy).WithSummary("Add or take back a reaction (like, thanks, insightful, agree)");

        return app;
    }

    /// <summary>The token's member, a visitor when no token is sent, or null when a token was sent but is not valid.</summary>
    internal static async Task<ClaimsPrincipal?> CallerAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(TokenAuthentication.SchemeName);
        if (result.Succeeded) return result.Principal;
        return result.None ? new ClaimsPrincipal(new ClaimsIdentity()) : null;
    }

    private static IResult Problem(WriteResult result) =>
        Results.ValidationProblem(result.Errors.ToDictionary(e => e.Key.Length == 0 ? "request" : char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }));

    private static SpaceDto Dto(Space s) => new(s.Slug, s.Name, s.Summary, s.Visibility.ToString(), s.ThreadCount);

    private static ThreadSummaryDto Dto(ForumThread t, Space s) => new(t.Id, s.Slug, t.Title, t.Kind.ToString(), t.Tags, t.AuthorName, t.CreatedAt,
        t.LastActivityAt, t.PostCount, t.Pinned, t.Locked, t.AcceptedPostNumber);

    private static PostDto Dto(Post p, Space s, ClaimsPrincipal user)
    {
        var show = ForumAccess.CanSeeText(s, p, user) && !p.Deleted;
        return new(p.Id, p.Number, p.AuthorId, p.AuthorName, show ? p.Markdown : null, show ? p.Html : null, p.ReplyToNumber, p.CreatedAt, p.EditedAt,
            p.Deleted, p.Hidden, p.Reactions.ToDictionary(r => r.Key, r => r.Value.Count));
    }
}
