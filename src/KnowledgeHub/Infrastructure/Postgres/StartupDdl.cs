using Npgsql;

namespace KnowledgeHub.Infrastructure.Postgres;

/// <summary>
/// Trigger and function DDL that services run as they start, one batch at a time on the whole database: each
/// <c>CREATE TRIGGER</c> locks its table until commit, so two batches touching the same tables in other orders (two
/// services of one node, or two nodes starting together) could deadlock, and PostgreSQL would fail one of them.
/// </summary>
public static class StartupDdl
{
    public static async Task ApplyAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        // One statement batch is one transaction: the lock is held until the batch commits.
        await using var command = new NpgsqlCommand($"select pg_advisory_xact_lock(hashtext('knowledgehub:startup-ddl'));\n{sql}", connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
