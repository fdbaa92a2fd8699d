using Npgsql;

namespace KnowledgeHub.Infrastructure.Postgres;

/// <summary>
/// LISTEN on one channel, on a connection of its own (outside the pools), until stopped: after a lost connection it waits
/// two seconds and listens again. Every node's commits that NOTIFY the channel reach <paramref name="heard"/>.
/// </summary>
public static class DatabaseListener
{
    /// <param name="listening">Called each time the LISTEN has taken effect (notifications sent before it were missed).</param>
    /// <param name="lost">Called with the error when the connection fails, before waiting to listen again.</param>
    /// <param name="prepare">Run on each new connection before it listens (an error there counts as a lost connection).</param>
    public static async Task ListenAsync(string connectionString, string channel, Action<string> heard, Action listening, Action<Exception> lost,
        CancellationToken stop, Func<NpgsqlConnection, CancellationToken, Task>? prepare = null)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 30, Pooling = false }.ConnectionString);
                await connection.OpenAsync(stop);
                if (prepare is not null) await prepare(connection, stop);
                connection.Notification += (_, e) => heard(e.Payload);
                await using (var listen = new NpgsqlCommand($"listen {channel}", connection)) await listen.ExecuteNonQueryAsync(stop);
                listening();
                while (!stop.IsCancellationRequested) await connection.WaitAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            catch (Exception e)
            {
                lost(e);
                try { await Task.Delay(2000, stop); } catch (OperationCanceledException) { }
            }
        }
    }
}
