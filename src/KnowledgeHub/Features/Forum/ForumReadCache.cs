using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Features.Notifications;
using KnowledgeHub.Infrastructure.Postgres;
using Marten;
using Marten.Services;
using Npgsql;

namespace KnowledgeHub.Features.Forum;

/// <summary>
/// What forum pages read from PostgreSQL again and again, kept in memory between requests so that a page viewed again,
/// unchanged, costs no round trip: a thread page's thread, space, and for a member their reading state, draft and unread
/// notification count; the spaces a reader may open (the forum list, the search page's space names and audience); and
/// members' names (the search page's author filter).
/// <para>
/// Kept only while this node hears every change: <see cref="ForumReadChanges"/> listens for the database's notifications
/// (a trigger on each table, so other nodes' writes and plain SQL are heard too), and <see cref="ForumReadCacheListener"/>
/// forgets this node's own writes as they commit, so a member who just wrote reads it back on the next request. While the
/// notifications are not heard (starting, connection lost) nothing is kept, and everything is forgotten when they are
/// heard again.
/// </para>
/// <para>
/// A read that overlaps a change is not kept: <see cref="Stamp"/> before reading, <see cref="Keep"/> with that stamp after,
/// and a change heard in between (which may or may not be in what was read) makes the keep a no-op. Values are shared
/// between requests: read them, never change them.
/// </para>
/// </summary>
public sealed class ForumReadCache
{
    public enum Kind { Thread, Space, Reading, Draft, Unread, MemberName }

    /// <summary>One kept value's key: a thread's or member's id, or a document's text id (spaces, readings, drafts).</summary>
    public readonly record struct Key(Kind Kind, Guid Guid, string? Text)
    {
        public static Key Thread(Guid id) => new(Kind.Thread, id, null);
        public static Key Space(string id) => new(Kind.Space, Guid.Empty, id);
        /// <summary>The spaces the database answers for a reader (<see cref="ForumQueries.ReadableSpacesAsync"/>); forgotten with any space.</summary>
        public static Key Spaces(Guid reader, bool administrator, bool privateOnly) =>
            new(Kind.Space, reader, administrator ? privateOnly ? "readable:administrator:private" : "readable:administrator" : privateOnly ? "readable:private" : "readable");
        public static Key Reading(string id) => new(Kind.Reading, Guid.Empty, id);
        public static Key Draft(string id) => new(Kind.Draft, Guid.Empty, id);
        public static Key Unread(Guid member) => new(Kind.Unread, member, null);
        public static Key MemberName(Guid member) => new(Kind.MemberName, member, null);
    }

    private const int Capacity = 100_000; // in weight: about a kilobyte each, so some 100 MB at most
    private readonly ConcurrentDictionary<Key, (object? Value, long Epoch)> kept = new();
    private readonly long[] epochs = new long[Enum.GetValues<Kind>().Length]; // bumped to forget every value of a kind at once
    private long changes; // every change heard or made; a read overlapping one is not kept
    private int count;
    private volatile bool live;

    /// <summary>Whether values are kept and answered (only while this node hears every change).</summary>
    public bool Live => live;

    public bool TryGet<T>(Key key, out T? value)
    {
        if (live && kept.TryGetValue(key, out var entry) && entry.Epoch == Volatile.Read(ref epochs[(int)key.Kind]))
        {
            value = (T?)entry.Value;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Taken before reading what may then be kept.</summary>
    public long Stamp() => Interlocked.Read(ref changes);

    /// <summary>
    /// Keeps a value read after <paramref name="stamp"/> was taken, unless a change was heard since. <paramref name="weight"/>
    /// is its size in kilobytes or so (a draft can be long; everything else counts one).
    /// </summary>
    public void Keep<T>(Key key, T? value, long stamp, int weight = 1)
    {
        if (!live || Interlocked.Read(ref changes) != stamp) return;
        if (Interlocked.Add(ref count, weight) > Capacity) // cleared when full: a forgotten value only costs reading it again
        {
            kept.Clear();
            Interlocked.Exchange(ref count, 0);
        }
        kept[key] = (value, Volatile.Read(ref epochs[(int)key.Kind]));
        // A change heard between the check and the write above must not leave the value behind.
        if (Interlocked.Read(ref changes) != stamp) kept.TryRemove(key, out _);
    }

    /// <summary>The kept value, or what <paramref name="read"/> answers, kept unless a change was heard while it read.</summary>
    public async Task<T> GetOrReadAsync<T>(Key key, Func<Task<T>> read, Func<T, int>? weight = null)
    {
        if (TryGet<T>(key, out var known) && known is not null) return known;
        var stamp = Stamp();
        var value = await read();
        Keep(key, value, stamp, weight?.Invoke(value) ?? 1);
        return value;
    }

    public void Forget(Key key)
    {
        Interlocked.Increment(ref changes);
        kept.TryRemove(key, out _);
    }

    public void ForgetKind(Kind kind)
    {
        Interlocked.Increment(ref changes);
        Interlocked.Increment(ref epochs[(int)kind]);
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref changes);
        for (var i = 0; i < epochs.Length; i++) Interlocked.Increment(ref epochs[i]);
        kept.Clear();
        Interlocked.Exchange(ref count, 0);
    }

    /// <summary>Changes are heard again (after everything was forgotten) or no longer.</summary>
    internal void SetLive(bool hearing)
    {
        if (hearing) ForgetAll();
        live = hearing;
        if (!hearing) ForgetAll();
    }

    /// <summary>The documents whose changes the kept values follow: the kind each one changes, and its name in the database's notifications.</summary>
    internal static readonly (Type Type, Kind Kind, string Name)[] Watched =
    [
        (typeof(ForumThread), Kind.Thread, "thread"), (typeof(Space), Kind.Space, "space"), (typeof(Reading), Kind.Reading, "reading"),
        (typeof(Draft), Kind.Draft, "draft"), (typeof(Notification), Kind.Unread, "unread"), (typeof(Member), Kind.MemberName, "member"),
    ];

    public static Kind? KindOf(Type type) => Array.Find(Watched, w => w.Type == type) is { Type: not null } watched ? watched.Kind : null;

    /// <summary>
    /// Forgets what one change names: the thread's, reading's, draft's or member's id as text (a notification names its
    /// member). A change without one, and any space's change (few spaces, each changing with every reply's activity time),
    /// forgets the whole kind.
    /// </summary>
    internal void Forget(Kind kind, string? id)
    {
        switch (kind)
        {
            case Kind.Thread when Guid.TryParse(id, out var thread): Forget(Key.Thread(thread)); break;
            case Kind.Unread when Guid.TryParse(id, out var member): Forget(Key.Unread(member)); break;
            case Kind.MemberName when Guid.TryParse(id, out var member): Forget(Key.MemberName(member)); break;
            case Kind.Reading when id is not null: Forget(Key.Reading(id)); break;
            case Kind.Draft when id is not null: Forget(Key.Draft(id)); break;
            default: ForgetKind(kind); break;
        }
    }

    /// <summary>What a stored document's change names (see <see cref="Forget(Kind, string)"/>).</summary>
    internal static string? ChangeId(object document) => document switch
    {
        ForumThread t => t.Id.ToString(), Reading r => r.Id, Draft d => d.Id, Notification n => n.MemberId.ToString(), Member m => m.Id.ToString(), _ => null,
    };
}

/// <summary>
/// Forgets what this node's own sessions change, right after they commit (the database's notification for the same change
/// comes a moment later, possibly after the member's next request). Changes that name no single document (a patch or a
/// delete by condition on one of the kept types) forget every kept value of that type.
/// </summary>
public sealed class ForumReadCacheListener(ForumReadCache cache) : DocumentSessionListenerBase
{
    private readonly ConditionalWeakTable<IDocumentSession, HashSet<ForumReadCache.Kind>> wholeKinds = new();

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var pending = session.PendingChanges;
        HashSet<ForumReadCache.Kind>? kinds = null;
        foreach (var (type, kind, _) in ForumReadCache.Watched)
        {
            var operations = pending.OperationsFor(type).Count();
            if (operations == 0) continue;
            var named = pending.Inserts().Count(d => d.GetType() == type) + pending.Updates().Count(d => d.GetType() == type)
                + pending.DeletionsFor(type).Count(d => d.Id is not null);
            if (operations > named) (kinds ??= []).Add(kind);
        }
        if (kinds is not null)
        {
            foreach (var kind in kinds) cache.ForgetKind(kind); // and again after the commit (a read in between may keep the old value)
            wholeKinds.AddOrUpdate(session, kinds);
        }
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var document in commit.Inserted.Concat(commit.Updated))
            if (ForumReadCache.KindOf(document.GetType()) is { } kind) cache.Forget(kind, ForumReadCache.ChangeId(document));
        foreach (var deletion in commit.Deleted)
            if (ForumReadCache.KindOf(deletion.DocumentType) is { } kind) // a notification deleted by its own id names no member
                cache.Forget(kind, deletion.Document is { } document ? ForumReadCache.ChangeId(document) : kind == ForumReadCache.Kind.Unread ? null : deletion.Id?.ToString());
        if (wholeKinds.TryGetValue(session, out var kinds))
        {
            foreach (var kind in kinds) cache.ForgetKind(kind);
            wholeKinds.Remove(session);
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// Hears every committed change to what <see cref="ForumReadCache"/> keeps, from any node or any SQL: a trigger on each
/// table notifies the channel with what changed, and this service LISTENs on its own connection. The cache is live only
/// while that connection is; a lost connection forgets everything and keeps nothing until it is back.
/// </summary>
public sealed class ForumReadChanges(ForumReadCache cache, IDocumentStore store, DatabaseConnection database, ILogger<ForumReadChanges> logger)
    : BackgroundService
{
    public const string Channel = "kh_pages";

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        await Task.Yield();
        var triggers = false;
        await DatabaseListener.ListenAsync(database.ConnectionString, Channel, Heard, listening: () => cache.SetLive(true),
            lost: e =>
            {
                cache.SetLive(false);
                logger.LogWarning(e, "Thread page changes not heard; pages read everything from the database until they are");
            }, stop,
            prepare: async (connection, ct) =>
            {
                if (!triggers) await EnsureTriggersAsync(connection, ct);
                triggers = true;
            });
        cache.SetLive(false);
    }

    /// <summary>A row change names its kind and id (<c>thread:…</c>); <c>all</c> (a table emptied) or anything unknown forgets everything.</summary>
    private void Heard(string payload)
    {
        var colon = payload.IndexOf(':');
        if (colon > 0 && Array.Find(ForumReadCache.Watched, w => w.Name == payload[..colon]) is { Type: not null } watched)
            cache.Forget(watched.Kind, payload[(colon + 1)..]);
        else cache.ForgetAll();
    }

    /// <summary>
    /// The triggers (idempotent; every node runs this at start, so a deployment that changes them replaces them). A row
    /// change names what changed; emptying a table forgets everything.
    /// </summary>
    private async Task EnsureTriggersAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var sql = new System.Text.StringBuilder($$"""
            create or replace function knowledgehub.kh_page_change() returns trigger language plpgsql as $fn$
            begin
              if TG_LEVEL = 'STATEMENT' then
                perform pg_notify('{{Channel}}', 'all');
              elsif TG_ARGV[0] = 'unread' then
                perform pg_notify('{{Channel}}', 'unread:' || (case when TG_OP = 'DELETE' then OLD.data ->> 'MemberId' else NEW.data ->> 'MemberId' end));
              else
                perform pg_notify('{{Channel}}', TG_ARGV[0] || ':' || (case when TG_OP = 'DELETE' then OLD.id else NEW.id end)::text);
              end if;
              return null;
            end $fn$;
            """);
        foreach (var (type, _, what) in ForumReadCache.Watched)
        {
            var table = store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName;
            sql.AppendLine($"create or replace trigger kh_pages_{what} after insert or update or delete on {table} for each row execute function knowledgehub.kh_page_change('{what}');");
            sql.AppendLine($"create or replace trigger kh_pages_{what}_emptied after truncate on {table} for each statement execute function knowledgehub.kh_page_change('{what}');");
        }
        await StartupDdl.ApplyAsync(connection, sql.ToString(), ct);
    }
}
