using KnowledgeHub.Infrastructure.Postgres;
using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>Where a node's index has got to in the change feed: everything up to and including (Xid, Seq) is applied.</summary>
public readonly record struct ChangeCursor(ulong Xid, long Seq)
{
    public static readonly ChangeCursor Start = new(0, 0);
    /// <summary>Feed order: by transaction, then by sequence within it.</summary>
    public bool IsBefore(ChangeCursor other) => Xid < other.Xid || (Xid == other.Xid && Seq < other.Seq);
    public override string ToString() => $"{Xid}:{Seq}";
    public static ChangeCursor Parse(string? text) =>
        text?.Split(':') is [var x, var s] && ulong.TryParse(x, out var xid) && long.TryParse(s, out var seq) ? new(xid, seq) : Start;
}

public sealed record SearchChange(ChangeCursor Cursor, string Source, string Key);

/// <summary>Search state shared by every node: a rebuild request (the generation) and how far old changes were pruned.</summary>
public sealed class SearchState
{
    public const string TheId = "search";
    public string Id { get; set; } = TheId;
    public long Generation { get; set; }
    /// <summary>The last change pruned from the feed (in feed order): a node whose cursor is before it missed changes and rebuilds.</summary>
    public ulong PrunedThroughXid { get; set; }
    public long PrunedThroughSeq { get; set; }
    public ChangeCursor PrunedThrough => new(PrunedThroughXid, PrunedThroughSeq);
}

/// <summary>
/// The change feed in PostgreSQL: every committed change a source cares about leaves a row, written in the same
/// transaction as the change itself. Each node reads the feed from its own cursor, so a node that was stopped catches up
/// on start, and several nodes stay in step without talking to each other.
/// <para>
/// Order and gaps: sequence numbers are handed out before commit, so a later number can commit first. Rows are read in
/// (transaction id, sequence) order and only from transactions older than the oldest one still running
/// (<c>pg_snapshot_xmin</c>), so a row can never appear behind a cursor that has already passed it.
/// </para>
/// </summary>
public static class SearchChanges
{
    public const string Channel = "kh_search";
    private const string Table = "knowledgehub.search_changes";

    public static void AddSchema(StoreOptions options)
    {
        var table = new Table(new PostgresqlObjectName("knowledgehub", "search_changes", Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn("seq", "bigserial").AsPrimaryKey();
        table.AddColumn("xid", "xid8").NotNull().DefaultValueByExpression("pg_current_xact_id()");
        table.AddColumn("source", "text").NotNull();
        table.AddColumn("key", "text").NotNull();
        table.AddColumn("at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        table.Indexes.Add(new IndexDefinition("ix_search_changes_xid_seq") { Columns = ["xid", "seq"] });
        options.Storage.ExtendedSchemaObjects.Add(table);
        options.Schema.For<SearchState>();
    }

    /// <summary>
    /// Creates (or replaces) the trigger on each watched document table that writes the change row and wakes the nodes.
    /// Idempotent; every node runs it at start, so a new source or type is followed from its first deployment.
    /// </summary>
    public static async Task EnsureTriggersAsync(IDocumentStore store, NpgsqlConnection connection, IEnumerable<ISearchSource> sources, CancellationToken ct)
    {
        var sql = new System.Text.StringBuilder($$"""
            create or replace function knowledgehub.kh_search_change() returns trigger language plpgsql as $fn$
            begin
              insert into {{Table}} (source, key) values (TG_ARGV[0], TG_ARGV[1] || (case when TG_OP = 'DELETE' then OLD.id else NEW.id end)::text);
              perform pg_notify('{{Channel}}', '');
              return null;
            end $fn$;
            """);
        foreach (var source in sources)
            foreach (var (type, prefix, fields) in source.Watches)
            {
                var table = store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName;
                var name = $"kh_search_{source.Name}_{prefix.TrimEnd(':')}".Replace('-', '_');
                var function = $"execute function knowledgehub.kh_search_change('{source.Name}', '{prefix}');";
                if (fields.Length == 0)
                {
                    sql.AppendLine($"drop trigger if exists {name}_update on {table};");
                    sql.AppendLine($"create or replace trigger {name} after insert or update or delete on {table} for each row {function}");
                    continue;
                }
                // Documents are stored with their property names as declared (Marten's default casing).
                var changed = string.Join(" or ", fields.Select(f => $"old.data->'{f}' is distinct from new.data->'{f}'"));
                sql.AppendLine($"create or replace trigger {name} after insert or delete on {table} for each row {function}");
                sql.AppendLine($"create or replace trigger {name}_update after update on {table} for each row when ({changed}) {function}");
            }
        await StartupDdl.ApplyAsync(connection, sql.ToString(), ct);
    }

    /// <summary>Changes after the cursor from finished transactions, oldest first.</summary>
    public static async Task<IReadOnlyList<SearchChange>> ReadAsync(NpgsqlConnection connection, ChangeCursor after, int limit, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            select xid::text as xid_text, seq, source, key from {Table}
            where (xid, seq) > ($1::text::xid8, $2) and xid < pg_snapshot_xmin(pg_current_snapshot())
            order by {Table}.xid, seq limit $3
            """, connection);
        command.Parameters.AddWithValue(after.Xid.ToString());
        command.Parameters.AddWithValue(after.Seq);
        command.Parameters.AddWithValue(limit);
        var changes = new List<SearchChange>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            changes.Add(new(new(ulong.Parse(reader.GetString(0)), reader.GetInt64(1)), reader.GetString(2), reader.GetString(3)));
        return changes;
    }

    /// <summary>The newest change row (by transaction, then sequence), or <see cref="ChangeCursor.Start"/> when there is none.</summary>
    /// <remarks>
    /// The id is selected as text under another name: in ORDER BY a bare "xid" would mean an output column called xid,
    /// and text order puts transaction 988 after 1185.
    /// </remarks>
    public static async Task<ChangeCursor> LatestAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select xid::text as xid_text, seq from {Table} order by {Table}.xid desc, seq desc limit 1", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new(ulong.Parse(reader.GetString(0)), reader.GetInt64(1)) : ChangeCursor.Start;
    }

    /// <summary>
    /// A cursor from which replaying the feed is enough after reading all current data: every transaction older than the
    /// oldest one still running has committed (its data is visible to reads that start now); everything else is replayed.
    /// </summary>
    public static async Task<ChangeCursor> RebuildCursorAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("select pg_snapshot_xmin(pg_current_snapshot())::text", connection);
        var xmin = ulong.Parse((string)(await command.ExecuteScalarAsync(ct))!);
        return new(xmin - 1, long.MaxValue);
    }

    /// <summary>Drops rows older than the retention; a node whose cursor is behind what was dropped rebuilds.</summary>
    public static async Task PruneAsync(IDocumentStore store, NpgsqlConnection connection, TimeSpan retention, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            with gone as (delete from {Table} where at < now() - $1 returning xid, seq)
            select xid::text, seq from gone order by gone.xid desc, gone.seq desc limit 1
            """, connection);
        command.Parameters.AddWithValue(retention);
        ChangeCursor last;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return;
            last = new(ulong.Parse(reader.GetString(0)), reader.GetInt64(1));
        }
        await using var session = store.LightweightSession();
        var state = await session.LoadAsync<SearchState>(SearchState.TheId, ct) ?? new SearchState();
        if (!state.PrunedThrough.IsBefore(last)) return;
        (state.PrunedThroughXid, state.PrunedThroughSeq) = (last.Xid, last.Seq);
        session.Store(state);
        await session.SaveChangesAsync(ct);
    }

    /// <summary>Asks every node to rebuild its index (the `search rebuild` verb).</summary>
    public static async Task<long> RequestRebuildAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var state = await session.LoadAsync<SearchState>(SearchState.TheId, ct) ?? new SearchState();
        state.Generation++;
        session.Store(state);
        session.QueueSqlCommand($"select pg_notify('{Channel}', '')");
        await session.SaveChangesAsync(ct);
        return state.Generation;
    }
}
