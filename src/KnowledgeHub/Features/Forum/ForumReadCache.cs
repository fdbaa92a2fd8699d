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

    /// <summary>What a change to a document means for the kept values (null: the document is not one of them).</summary>
    public static Kind? KindOf(Type type) =>
        type == typeof(ForumThread) ? Kind.Thread : type == typeof(Space) ? Kind.Space : type == typeof(Reading) ? Kind.Reading
        : type == typeof(Draft) ? Kind.Draft : type == typeof(Notification) ? Kind.Unread : type == typeof(Member) ? Kind.MemberName : null;

    /// <summary>Forgets what a stored or deleted document changes; a deletion known only by id forgets its whole kind where the key needs more.</summary>
    internal void Forget(object? document, Type type, object? id)
    {
        switch (document)
        {
            case ForumThread t: Forget(Key.Thread(t.Id)); return;
            case Space: ForgetKind(Kind.Space); return; // few spaces, each changing with every reply's activity time
            case Reading r: Forget(Key.Reading(r.Id)); return;
            case Draft d: Forget(Key.Draft(d.Id)); return;
            case Notification n: Forget(Key.Unread(n.MemberId)); return;
            case Member m: Forget(Key.MemberName(m.Id)); return;
        }
        switch (KindOf(type), id)
        {
            case (Kind.Thread, Guid thread): Forget(Key.Thread(thread)); break;
            case (Kind.Reading, string reading): Forget(Key.Reading(reading)); break;
            case (Kind.Draft, string draft): Forget(Key.Draft(draft)); break;
            case (Kind.MemberName, Guid member): Forget(Key.MemberName(member)); break;
            case ({ } kind, _): ForgetKind(kind); break;
        }
    }
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
        foreach (var type in new[] { typeof(ForumThread), typeof(Space), typeof(Reading), typeof(Draft), typeof(Notification), typeof(Member) })
        {
            var operations = pending.OperationsFor(type).Count();
            if (operations == 0) continue;
            var named = pending.Inserts().Count(d => d.GetType() == type) + pending.Updates().Count(d => d.GetType() == type)
                + pending.DeletionsFor(type).Count(d => d.Id is not null);
            if (operations > named) (kinds ??= []).Add(ForumReadCache.KindOf(type)!.Value);
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
        foreach (var document in commit.Inserted.Concat(commit.Updated)) cache.Forget(document, document.GetType(), null);
        foreach (var deletion in commit.Deleted) cache.Forget(deletion.Document, deletion.DocumentType, deletion.Id);
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
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { KeepAlive = 30, Pooling = false }.ConnectionString);
                await connection.OpenAsync(stop);
                if (!triggers) await EnsureTriggersAsync(connection, stop);
                triggers = true;
                connection.Notification += (_, e) => Heard(e.Payload);
                await using (var listen = new NpgsqlCommand($"listen {Channel}", connection)) await listen.ExecuteNonQueryAsync(stop);
                cache.SetLive(true);
                while (!stop.IsCancellationRequested) await connection.WaitAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            catch (Exception e)
            {
                cache.SetLive(false);
                logger.LogWarning(e, "Thread page changes not heard; pages read everything from the database until they are");
                try { await Task.Delay(2000, stop); } catch (OperationCanceledException) { }
            }
        }
        cache.SetLive(false);
    }

    private void Heard(string payload)
    {
        var colon = payload.IndexOf(':');
        var (what, id) = colon < 0 ? (payload, "") : (payload[..colon], payload[(colon + 1)..]);
        switch (what)
        {
            case "thread" when Guid.TryParse(id, out var thread): cache.Forget(ForumReadCache.Key.Thread(thread)); break;
            case "reading": cache.Forget(ForumReadCache.Key.Reading(id)); break;
            case "draft": cache.Forget(ForumReadCache.Key.Draft(id)); break;
            case "unread" when Guid.TryParse(id, out var member): cache.Forget(ForumReadCache.Key.Unread(member)); break;
            case "member" when Guid.TryParse(id, out var member): cache.Forget(ForumReadCache.Key.MemberName(member)); break;
            case "space": cache.ForgetKind(ForumReadCache.Kind.Space); break;
            default: cache.ForgetAll(); break; // a table emptied, or a payload this version does not know
        }
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
        foreach (var (type, what) in new[] { (typeof(ForumThread), "thread"), (typeof(Space), "space"), (typeof(Reading), "reading"),
                     (typeof(Draft), "draft"), (typeof(Notification), "unread"), (typeof(Member), "member") })
        {
            var table = store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName;
            sql.AppendLine($"create or replace trigger kh_pages_{what} after insert or update or delete on {table} for each row execute function knowledgehub.kh_page_change('{what}');");
            sql.AppendLine($"create or replace trigger kh_pages_{what}_emptied after truncate on {table} for each statement execute function knowledgehub.kh_page_change('{what}');");
        }
        await using var command = new NpgsqlCommand(sql.ToString(), connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
