using JasperFx;
using Npgsql;

namespace KnowledgeHub.Infrastructure.Postgres;

public static class WriteConflicts
{
    /// <summary>
    /// Another writer got there first: an optimistic-concurrency version check failed, or a unique index refused the
    /// row (Marten may run the insert before the version check). Either way, reload and try again.
    /// </summary>
    public static bool IsConflict(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is ConcurrencyException or JasperFx.DocumentAlreadyExistsException || x is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
        return false;
    }
}

public static class ThreadLocks
{
    /// <summary>
    /// Opens the session's transaction and takes a PostgreSQL advisory lock for <paramref name="key"/> until commit:
    /// writers to the same thread queue up (on every node) instead of colliding and retrying.
    /// </summary>
    public static async Task LockAsync(this Marten.IDocumentSession session, Guid key, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(?)", ct, BitConverter.ToInt64(key.ToByteArray(), 0));
    }
}
