using Microsoft.Extensions.Options;
using Npgsql;

namespace KnowledgeHub.Infrastructure.Postgres;

/// <summary>
/// The one place that knows where PostgreSQL is: the configured connection string, or else a private cluster
/// started on first use and stopped when the application has stopped.
/// </summary>
public sealed class DatabaseConnection(
    IConfiguration configuration, IOptions<LocalPostgresOptions> local, IHostEnvironment environment,
    IHostApplicationLifetime lifetime, ILogger<DatabaseConnection> logger)
{
    private readonly Lock gate = new();
    private string? connectionString;

    public string ConnectionString
    {
        get
        {
            lock (gate) return connectionString ??= Resolve(local.Value);
        }
    }

    /// <summary>The local cluster, when this process resolved to one.</summary>
    public LocalPostgresCluster? Cluster { get; private set; }

    private string Resolve(LocalPostgresOptions local)
    {
        var configured = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(configured)) return Tuned(configured);
        if (!local.Enabled)
            throw new InvalidOperationException("No PostgreSQL configured: set ConnectionStrings:Postgres or enable LocalPostgres.");

        var cluster = new LocalPostgresCluster(AppPaths.Resolve(local.DataDirectory, environment.ContentRootPath), local.Port, local.BinDirectory);
        cluster.StartAsync(local.Database).GetAwaiter().GetResult();
        Cluster = cluster;
        logger.LogInformation("Local PostgreSQL {State} in {DataDirectory} on 127.0.0.1:{Port}",
            cluster.StartedByUs ? (cluster.Created ? "created and started" : "started") : "already running, reused",
            cluster.DataDirectory, cluster.Port);
        lifetime.ApplicationStopped.Register(() =>
        {
            if (!cluster.StartedByUs) return;
            logger.LogInformation("Stopping local PostgreSQL in {DataDirectory}", cluster.DataDirectory);
            cluster.StopAsync().GetAwaiter().GetResult();
        });
        return Tuned(cluster.ConnectionString(local.Database));
    }

    /// <summary>
    /// Defaults unless the connection string says otherwise: a pool of 8 (on a 2-core box it served ~10x the pages of a
    /// pool of 64), and automatic preparation of the statements every page repeats, so PostgreSQL stops re-planning them.
    /// No reset on close: the app keeps no session state on pooled connections (advisory locks are transaction-scoped,
    /// LISTEN uses its own unpooled connection), and the reset batch (RESET ALL; DISCARD ...) cost PostgreSQL as much
    /// CPU as the page's own queries: a thread page opens a connection for each of its several reads.
    /// </summary>
    internal static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        bool Says(params string[] keys) => keys.Any(k => connectionString.Contains(k, StringComparison.OrdinalIgnoreCase));
        if (!Says("Maximum Pool Size", "MaxPoolSize")) builder.MaxPoolSize = 8;
        if (!Says("Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = 64;
        if (!Says("Auto Prepare Min Usages", "AutoPrepareMinUsages")) builder.AutoPrepareMinUsages = 2;
        if (!Says("No Reset On Close", "NoResetOnClose")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }
}
