using System.Net;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Tests.Infrastructure;
using Marten;
using Marten.Patching;

namespace KnowledgeHub.Tests.Forum;

public static class ForumHelpers
{
    /// <summary>Changes a space's visibility straight in the database (as another node or an administrator's tool would).</summary>
    public static async Task SetVisibilityAsync(this IDocumentStore store, string spaceId, SpaceVisibility visibility)
    {
        await using var session = store.LightweightSession();
        var space = await session.LoadAsync<Space>(spaceId);
        space!.Visibility = visibility;
        session.Store(space);
        await session.SaveChangesAsync();
    }

    public static async Task<Guid> StartThreadAsync(this TestClient client, string space, string title, string body, string kind = "Discussion", string tags = "")
    {
        var page = await client.SubmitAsync($"/spaces/{space}/new", new Dictionary<string, string> { ["Title"] = title, ["Body"] = body, ["Kind"] = kind, ["Tags"] = tags });
        if (page.Status != HttpStatusCode.Redirect) throw new InvalidOperationException($"Thread not created: {page.Status} {page.Document.QuerySelector("main")?.TextContent}");
        return Guid.Parse(page.Location!.Split('/')[2]);
    }

    public static async Task<Page> ReplyAsync(this TestClient client, Guid thread, string body, int? replyTo = null)
    {
        var fields = new Dictionary<string, string> { ["Body"] = body };
        if (replyTo is int r) fields["ReplyTo"] = r.ToString();
        return await client.SubmitAsync($"/t/{thread}", fields, "form[data-reply-form]");
    }

    public static async Task AddToSpaceAsync(this AppFixture app, string slug, Member member, bool moderator = false)
    {
        await using var session = app.Store.LightweightSession();
        var space = await session.LoadAsync<Space>($"spaces/{slug}") ?? throw new InvalidOperationException(slug);
        (moderator ? space.ModeratorIds : space.MemberIds).Add(member.Id);
        session.Store(space);
        await session.SaveChangesAsync();
    }

    public static async Task<IReadOnlyList<Post>> PostsAsync(this AppFixture app, Guid thread)
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<Post>().Where(p => p.ThreadId == thread).OrderBy(p => p.Number).ToListAsync();
    }

    /// <summary>Seeds a long thread straight into the store (the pages are not what such a test is about).</summary>
    public static async Task<Guid> SeedThreadAsync(this AppFixture app, Member author, string space, int posts)
    {
        await using var session = app.Store.LightweightSession();
        var now = DateTimeOffset.UtcNow;
        var thread = new ForumThread { SpaceId = $"spaces/{space}", Title = "A long conversation", AuthorId = author.Id, AuthorName = author.Name, CreatedAt = now, LastActivityAt = now, PostCount = posts };
        session.Insert(thread);
        for (var n = 1; n <= posts; n++)
            session.Insert(new Post { ThreadId = thread.Id, SpaceId = thread.SpaceId, Number = n, AuthorId = author.Id, AuthorName = author.Name, Markdown = $"Post {n}", Html = $"<p>Post {n}</p>", CreatedAt = now.AddMinutes(n) });
        session.Patch<Space>($"spaces/{space}").Increment(s => s.ThreadCount);
        await session.SaveChangesAsync();
        return thread.Id;
    }
}
