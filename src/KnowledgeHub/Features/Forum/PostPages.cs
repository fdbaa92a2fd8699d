using Marten;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Forum;

/// <summary>
/// Pages of posts as last read from PostgreSQL, kept per thread version: every visible change to a thread's posts takes the
/// thread's next <see cref="ForumThread.EventSeq"/> in the same transaction, so a page read for the version a reader has
/// just loaded is the page they would read themselves, on any node. Popular pages are then neither fetched nor
/// deserialized again until something in the thread changes. The posts are shared between requests: read them, never
/// change them (writers load their own copies).
/// </summary>
public sealed class PostPages(IOptions<ForumOptions> options)
{
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 20_000 }); // in posts

    public async Task<IReadOnlyList<Post>> ForAsync(IQuerySession session, ForumThread thread, int page, CancellationToken ct)
    {
        var per = options.Value.PostsPerPage;
        var key = (thread.Id, thread.EventSeq, page, per);
        if (cache.TryGetValue(key, out IReadOnlyList<Post>? posts)) return posts!;
        posts = await session.PostsOnPageAsync(thread.Id, page, per, ct);
        cache.Set(key, posts, new MemoryCacheEntryOptions { Size = Math.Max(1, posts.Count), SlidingExpiration = TimeSpan.FromMinutes(10) });
        return posts;
    }
}
