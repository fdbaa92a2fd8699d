using System.Security.Claims;
using Marten;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeHub.Features.Forum;

/// <summary>Reads shared by pages, the fragment endpoint and the API; each answers null when the reader may not see it.</summary>
public static class ForumQueries
{
    public static async Task<Space?> ReadableSpaceAsync(this IQuerySession session, string slug, ClaimsPrincipal user, CancellationToken ct)
    {
        var space = await session.LoadAsync<Space>($"spaces/{slug}", ct);
        return space is not null && ForumAccess.CanRead(space, user) ? space : null;
    }

    public static async Task<(ForumThread Thread, Space Space)?> ReadableThreadAsync(this IQuerySession session, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var thread = await session.LoadAsync<ForumThread>(id, ct);
        if (thread is null) return null;
        var space = await session.LoadAsync<Space>(thread.SpaceId, ct);
        return space is not null && ForumAccess.CanRead(space, thread, user) ? (thread, space) : null;
    }

    /// <summary>A post with its thread and space, when the reader may read that thread (whatever they may then do with the post).</summary>
    public static async Task<(Post Post, ForumThread Thread, Space Space)?> ReadablePostAsync(this IQuerySession session, Guid id, ClaimsPrincipal user, CancellationToken ct) =>
        await session.LoadAsync<Post>(id, ct) is { } post && await session.ReadableThreadAsync(post.ThreadId, user, ct) is var (thread, space)
            ? (post, thread, space) : null;

    /// <summary>
    /// The spaces the reader may open, in order (only the private ones with <paramref name="privateOnly"/>). Private spaces
    /// (one per coaching circle, so they grow in number) are read from the database only when the reader belongs to them,
    /// or is an administrator and the space is not a circle or has been opened for safeguarding; the exact rule then applies.
    /// What the database answers is kept in <paramref name="cache"/>, when given, until any space changes.
    /// </summary>
    public static async Task<IReadOnlyList<Space>> ReadableSpacesAsync(this IQuerySession session, ClaimsPrincipal user, CancellationToken ct,
        bool privateOnly = false, ForumReadCache? cache = null)
    {
        var me = user.MemberId() ?? Guid.Empty;
        var administrator = user.IsInRole(nameof(Members.Role.Administrator));
        Task<IReadOnlyList<Space>> Read()
        {
            var query = session.Query<Space>().Where(s => s.Visibility != SpaceVisibility.Private
                || (administrator && (s.CircleId == null || s.Safeguarding.Any())) || s.MemberIds.Contains(me) || s.ModeratorIds.Contains(me));
            if (privateOnly) query = query.Where(s => s.Visibility == SpaceVisibility.Private);
            return query.OrderBy(s => s.Order).ToListAsync(ct);
        }
        var spaces = cache is null ? await Read() : await cache.GetOrReadAsync(ForumReadCache.Key.Spaces(me, administrator, privateOnly), Read, s => 1 + s.Count);
        return spaces.Where(s => ForumAccess.CanRead(s, user)).ToList();
    }

    /// <summary>
    /// What a thread page shows besides its posts, in one statement: the thread with its space, and for a member their
    /// reading state, the draft under <paramref name="draftKey"/> and their unread notification count; answered from
    /// <paramref name="cache"/> without a round trip when every part of it is kept there.
    /// Null when the thread does not exist or the reader may not read it. Written in SQL rather than as a Marten batch:
    /// the batch built and parsed four LINQ queries per page and ran five statements (measured: ~14% of a signed-in
    /// thread page's app CPU).
    /// </summary>
    public static async Task<ThreadPageData?> ThreadPageAsync(this IQuerySession session, NpgsqlDataSource database, KeptDocuments kept,
        ForumReadCache cache, Guid id, ClaimsPrincipal user, string draftKey, CancellationToken ct)
    {
        var me = user.MemberId();
        var (readingId, draftId) = me is Guid m ? (Reading.IdFor(m, id), Draft.IdFor(m, draftKey)) : (null, null);
        if (Cached(cache, id, me, readingId, draftId) is { } known) return ForumAccess.CanRead(known.Space, known.Thread, user) ? known : null;
        var stamp = cache.Stamp();
        var keptThread = kept.Get<ForumThread>(id);
        var keptSpace = keptThread is { } t0 ? kept.Get<Space>(t0.Document.SpaceId) : null; // a moved thread's old space has another version
        await using var command = database.CreateCommand(ThreadPageSql(session.DocumentStore.Options.DatabaseSchemaName));
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = readingId, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = draftId, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = me, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = keptThread?.Version, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = keptSpace?.Version, NpgsqlDbType = NpgsqlDbType.Uuid });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, ct);
        if (!await reader.ReadAsync(ct)) return null;
        var serializer = session.DocumentStore.Options.Serializer();
        T? Document<T>(int column) where T : class => reader.IsDBNull(column) ? null : serializer.FromJson<T>(reader, column);
        T Kept<T>(int column, object key, (Guid Version, T Document)? known) where T : class
        {
            if (reader.IsDBNull(column)) return known!.Value.Document; // sent only when its version differs from the one kept
            var document = serializer.FromJson<T>(reader, column);
            kept.Keep(key, reader.GetGuid(column + 1), document);
            return document;
        }
        var thread = Kept(0, id, keptThread);
        var space = Kept(2, thread.SpaceId, keptSpace);
        var data = new ThreadPageData(thread, space, Document<Reading>(4), Document<Draft>(5), (int)reader.GetInt64(6));
        cache.Keep(ForumReadCache.Key.Thread(id), thread, stamp);
        cache.Keep(ForumReadCache.Key.Space(space.Id), space, stamp);
        if (me is Guid member)
        {
            cache.Keep(ForumReadCache.Key.Reading(readingId!), data.Reading, stamp);
            cache.Keep(ForumReadCache.Key.Draft(draftId!), data.Draft, stamp, 1 + (data.Draft?.Markdown.Length ?? 0) / 512);
            cache.Keep(ForumReadCache.Key.Unread(member), data.UnreadNotifications, stamp);
        }
        return ForumAccess.CanRead(space, thread, user) ? data : null;
    }

    /// <summary>The page's data when the cache keeps every part of it (the access check is the caller's).</summary>
    private static ThreadPageData? Cached(ForumReadCache cache, Guid id, Guid? me, string? readingId, string? draftId)
    {
        if (!cache.TryGet<ForumThread>(ForumReadCache.Key.Thread(id), out var thread) || thread is null ||
            !cache.TryGet<Space>(ForumReadCache.Key.Space(thread.SpaceId), out var space) || space is null) return null;
        if (me is not Guid member) return new(thread, space, null, null, 0);
        return cache.TryGet<Reading>(ForumReadCache.Key.Reading(readingId!), out var reading) &&
            cache.TryGet<Draft>(ForumReadCache.Key.Draft(draftId!), out var draft) &&
            cache.TryGet<int>(ForumReadCache.Key.Unread(member), out var unread)
            ? new(thread, space, reading, draft, unread) : null;
    }

    private static (string Schema, string Sql)? threadPageSql;

    private static string ThreadPageSql(string schema) =>
        threadPageSql is { } known && known.Schema == schema ? known.Sql : (threadPageSql = (schema, $"""
        select case when t.mt_version = $5 then null else t.data end, t.mt_version,
          case when s.mt_version = $6 then null else s.data end, s.mt_version,
          (select r.data from {schema}.mt_doc_reading r where r.id = $2),
          (select d.data from {schema}.mt_doc_draft d where d.id = $3),
          (select count(*) from {schema}.mt_doc_notification n where CAST(n.data ->> 'MemberId' as uuid) = $4 and n.data ->> 'ReadAt' is null)
        from {schema}.mt_doc_forumthread t join {schema}.mt_doc_space s on s.id = t.data ->> 'SpaceId'
        where t.id = $1
        """)).Value.Sql;

    public static int PageOf(int postNumber, int perPage) => (Math.Max(postNumber, 1) - 1) / perPage + 1;

    /// <summary>One page of a thread's posts, in order (pages and the API show the same page the same way).</summary>
    public static Task<IReadOnlyList<Post>> PostsOnPageAsync(this IQuerySession session, Guid threadId, int page, int perPage, CancellationToken ct)
    {
        var (from, to) = ((page - 1) * perPage + 1, page * perPage);
        return session.Query<Post>().Where(p => p.ThreadId == threadId && p.Number >= from && p.Number <= to).OrderBy(p => p.Number).ToListAsync(ct);
    }

    /// <summary>One page of a space's threads, pinned first, then by latest activity; the page is clamped to those that exist.</summary>
    public static async Task<(IReadOnlyList<ForumThread> Threads, int Page, int Pages)> ThreadsOnPageAsync(this IQuerySession session,
        string spaceId, bool includeDeleted, int page, int perPage, CancellationToken ct)
    {
        var query = session.Query<ForumThread>().Where(t => t.SpaceId == spaceId && (!t.Deleted || includeDeleted));
        var pages = Math.Max(1, (await query.CountAsync(ct) + perPage - 1) / perPage);
        page = Math.Clamp(page, 1, pages);
        var threads = await query.OrderByDescending(t => t.Pinned).ThenByDescending(t => t.LastActivityAt).Skip((page - 1) * perPage).Take(perPage).ToListAsync(ct);
        return (threads, page, pages);
    }
}

/// <summary>
/// Threads and spaces as a thread page last read them, with the row version they were read at (Marten gives a row a new
/// <c>mt_version</c> on every write): the page's statement sends a document only when its version differs from the one
/// kept, so a popular thread's JSON is neither sent nor parsed again until it changes. Shared between requests: read
/// them, never change them (writers load their own copies).
/// </summary>
public sealed class KeptDocuments
{
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 20_000 }); // in documents

    public (Guid Version, T Document)? Get<T>(object id) where T : class =>
        cache.TryGetValue((typeof(T), id), out (Guid, T)? kept) ? kept : null;

    public void Keep<T>(object id, Guid version, T document) where T : class =>
        cache.Set<(Guid, T)?>((typeof(T), id), (version, document), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
}

/// <summary>What <see cref="ForumQueries.ThreadPageAsync"/> reads for one thread page.</summary>
public sealed record ThreadPageData(ForumThread Thread, Space Space, Reading? Reading, Draft? Draft, int UnreadNotifications);

/// <summary>What one post shows to one reader.</summary>
public sealed record PostView(Post Post, ForumThread Thread, bool ShowText, bool CanEdit, bool CanDelete, bool CanReact, bool CanAccept, Guid? Me)
{
    public bool IsAccepted => Thread.AcceptedPostNumber == Post.Number;

    public static PostView For(Post post, ForumThread thread, Space space, ClaimsPrincipal user) => For(post, thread, ForumAccess.ReaderIn(space, user));

    public static PostView For(Post post, ForumThread thread, ForumAccess.Reader reader) => new(post, thread,
        ShowText: ForumAccess.CanSeeText(reader, post),
        CanEdit: ForumAccess.CanEdit(reader, thread, post),
        CanDelete: !post.Deleted && (post.AuthorId == reader.Me || reader.CanModerate),
        CanReact: !post.Deleted && reader.CanPost,
        CanAccept: thread.Kind == ThreadKind.Question && post.Number > 1 && !post.Deleted && (thread.AuthorId == reader.Me || reader.CanModerate),
        Me: reader.Me);
}
