using System.Runtime.CompilerServices;
using System.Security.Claims;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Search;
using KnowledgeHub.Infrastructure.Text;
using Marten;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Forum;

/// <summary>
/// How threads and replies are searched: one index document per visible post (the opening post as "thread", the others as
/// "reply"), grouped by thread. A post change refreshes that post; a thread change (title, tags, move, deletion, language)
/// refreshes every post of the thread only when the thread's searchable state really changed; a space change (name,
/// visibility) refreshes the space's threads. Deleted and hidden posts are not searchable by anyone.
/// </summary>
public sealed class ForumSearch(IOptions<ForumOptions> options) : ISearchSource
{
    public string Name => "forum";

    public IReadOnlyList<SearchWatch> Watches { get; } =
    [
        new(typeof(Post), "p:"),
        // Only what a thread's or space's index entries show or depend on: not counters and last-activity times.
        new(typeof(ForumThread), "t:", nameof(ForumThread.Title), nameof(ForumThread.SpaceId), nameof(ForumThread.Tags), nameof(ForumThread.Language),
            nameof(ForumThread.Kind), nameof(ForumThread.Deleted)),
        new(typeof(Space), "s:", nameof(Space.Name), nameof(Space.Visibility)),
    ];

    public async Task ApplyAsync(IQuerySession session, IReadOnlyCollection<string> keys, IIndexChanges index, CancellationToken ct)
    {
        var postIds = Ids(keys, "p:");
        var spaceIds = keys.Where(k => k.StartsWith("s:", StringComparison.Ordinal)).Select(k => k[2..]).ToList();
        var inSpaces = spaceIds.Count == 0 ? []
            : await session.Query<ForumThread>().Where(t => t.SpaceId.IsOneOf(spaceIds.ToArray())).Select(t => t.Id).ToListAsync(ct);

        var refreshed = await RefreshThreadsAsync(session, inSpaces, index, force: true, ct);
        refreshed.UnionWith(await RefreshThreadsAsync(session, Ids(keys, "t:").Except(refreshed).ToList(), index, force: false, ct));

        if (postIds.Count == 0) return;
        var posts = (await session.LoadManyAsync<Post>(ct, postIds)).ToDictionary(p => p.Id);
        var context = await ContextAsync(session, posts.Values, ct);
        foreach (var id in postIds)
        {
            if (!posts.TryGetValue(id, out var post)) index.Delete(KeyOf(id));
            else if (refreshed.Contains(post.ThreadId)) continue; // its whole thread was just written (or dropped) above
            else if (Document(post, context) is { } document) index.Upsert(document);
            else index.Delete(KeyOf(id));
        }
    }

    public async IAsyncEnumerable<SearchDocument> AllAsync(IQuerySession session, [EnumeratorCancellation] CancellationToken ct)
    {
        var threadIds = await session.Query<ForumThread>().Where(t => !t.Deleted).Select(t => t.Id).ToListAsync(ct);
        await foreach (var document in ThreadDocumentsAsync(session, threadIds, ct)) yield return document;
    }

    /// <summary>Every searchable post of these threads, read 200 threads at a time.</summary>
    private async IAsyncEnumerable<SearchDocument> ThreadDocumentsAsync(IQuerySession session, IReadOnlyList<Guid> threadIds, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var chunk in threadIds.Chunk(200))
        {
            var posts = await session.Query<Post>().Where(p => p.ThreadId.IsOneOf(chunk)).ToListAsync(ct);
            var context = await ContextAsync(session, posts, ct);
            foreach (var post in posts)
                if (Document(post, context) is { } document) yield return document;
        }
    }

    /// <summary>Rewrites (or drops) every post of the threads whose searchable state changed; returns the threads it handled.</summary>
    private async Task<HashSet<Guid>> RefreshThreadsAsync(IQuerySession session, IReadOnlyList<Guid> threadIds, IIndexChanges index, bool force, CancellationToken ct)
    {
        var handled = new HashSet<Guid>();
        if (threadIds.Count == 0) return handled;
        var threads = (await session.LoadManyAsync<ForumThread>(ct, threadIds)).ToDictionary(t => t.Id);
        var spaces = (await session.LoadManyAsync<Space>(ct, threads.Values.Select(t => t.SpaceId).Distinct().ToArray())).ToDictionary(s => s.Id);
        var rewrite = new List<Guid>();
        foreach (var id in threadIds)
        {
            var group = GroupOf(id);
            if (!threads.TryGetValue(id, out var thread) || thread.Deleted || !spaces.TryGetValue(thread.SpaceId, out var space))
            {
                index.DeleteGroup(group);
                handled.Add(id);
                continue;
            }
            if (!force && index.StoredFingerprint(group) is { } stored && stored == Fingerprint(thread, space)) continue; // only counters changed
            index.DeleteGroup(group);
            rewrite.Add(id);
            handled.Add(id);
        }
        await foreach (var document in ThreadDocumentsAsync(session, rewrite, ct)) index.Upsert(document);
        return handled;
    }

    private sealed record Context(Dictionary<Guid, ForumThread> Threads, Dictionary<string, Space> Spaces, Dictionary<Guid, Member> Authors);

    private static async Task<Context> ContextAsync(IQuerySession session, IEnumerable<Post> posts, CancellationToken ct)
    {
        var list = posts as IReadOnlyCollection<Post> ?? posts.ToList();
        var threads = (await session.LoadManyAsync<ForumThread>(ct, list.Select(p => p.ThreadId).Distinct().ToArray())).ToDictionary(t => t.Id);
        var spaces = (await session.LoadManyAsync<Space>(ct, threads.Values.Select(t => t.SpaceId).Distinct().ToArray())).ToDictionary(s => s.Id);
        var authors = (await session.LoadManyAsync<Member>(ct, list.Select(p => p.AuthorId).Distinct().ToArray())).ToDictionary(m => m.Id);
        return new(threads, spaces, authors);
    }

    private SearchDocument? Document(Post post, Context context)
    {
        if (post.Deleted || post.Hidden || !context.Threads.TryGetValue(post.ThreadId, out var thread) || thread.Deleted ||
            !context.Spaces.TryGetValue(thread.SpaceId, out var space)) return null;
        context.Authors.TryGetValue(post.AuthorId, out var author);
        var page = ForumQueries.PageOf(post.Number, options.Value.PostsPerPage);
        return new SearchDocument
        {
            Key = KeyOf(post.Id), Group = GroupOf(thread.Id), Type = post.Number == 1 ? "thread" : "reply",
            Title = thread.Title, Body = HtmlText.Plain(post.Html),
            Url = post.Number == 1 ? $"/t/{thread.Id}" : $"/t/{thread.Id}?p={page}#p{post.Number}",
            Date = post.CreatedAt, Audience = [AudienceOf(space)], Language = thread.Language,
            SpaceId = space.Id, SpaceName = space.Name, Tags = thread.Tags,
            Sector = author?.Sector.ToString(), Country = string.IsNullOrWhiteSpace(author?.Country) ? null : author.Country,
            AuthorId = post.AuthorId.ToString(), AuthorName = post.AuthorName, Fingerprint = Fingerprint(thread, space),
        };
    }

    public static string AudienceOf(Space space) => space.Visibility switch
    {
        SpaceVisibility.Public => SearchAudience.Everyone,
        SpaceVisibility.Members => SearchAudience.Members,
        _ => SearchAudience.Space(space.Id),
    };

    /// <summary>What of the thread and its space shows in (or decides) every post's index entry; counters are left out.</summary>
    private static string Fingerprint(ForumThread thread, Space space) =>
        string.Join('\u001f', thread.Title, thread.SpaceId, space.Name, space.Visibility, thread.Language, thread.Kind, string.Join(',', thread.Tags));

    private static string KeyOf(Guid postId) => "post:" + postId.ToString("N");
    private static string GroupOf(Guid threadId) => "thread:" + threadId.ToString("N");

    private static List<Guid> Ids(IEnumerable<string> keys, string prefix) =>
        keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => Guid.TryParse(k.AsSpan(prefix.Length), out var g) ? g : Guid.Empty)
            .Where(g => g != Guid.Empty).Distinct().ToList();
}

/// <summary>Private spaces a member may read (as member, moderator or administrator) add their keys to the member's searches.</summary>
public sealed class ForumSearchAudience(ForumReadCache cache) : ISearchAudienceProvider
{
    public async Task<IEnumerable<string>> KeysForAsync(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var readable = await session.ReadableSpacesAsync(user, ct, privateOnly: true, cache: cache);
        return readable.Select(s => SearchAudience.Space(s.Id));
    }
}
