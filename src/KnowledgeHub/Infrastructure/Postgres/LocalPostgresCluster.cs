using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace KnowledgeHub.Infrastructure.Postgres;

/// <summary>
/// A private PostgreSQL cluster in a data folder of our own: created on first use, started on a free
/// loopback port, reused when already running, and stopped only by the process that started it.
/// </summary>
public sealed class LocalPostgresCluster(string dataDirectory, int preferredPort = 0, string? binDirectory = null) : IAsyncDisposable
{
    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);
    public int Port { get; private set; }
    public bool StartedByUs { get; private set; }
    public bool Created { get; private set; }

    private string BinDirectory => binDirectory ?? FindBinDirectory()
        ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install the Debian package 'postgresql' " +
            "or set LocalPostgres:BinDirectory, or configure ConnectionStrings:Postgres.");

    private static bool RunningAsRoot => Environment.UserName == "root";

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database,
        MaxPoolSize = 8, // measured on a 2-core box: 8 connections serve far more pages than 64 (see DatabaseConnection.Tuned)
    }.ConnectionString;

    public static string? FindBinDirectory()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
            : Enumerable.Empty<string>();
        foreach (var bin in versions.Select(v => Path.Combine(v, "bin")))
            if (File.Exists(Path.Combine(bin, "pg_ctl"))) return bin;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':').FirstOrDefault(p => p.Length > 0 && File.Exists(Path.Combine(p, "pg_ctl")));
    }

    public async Task StartAsync(string database, CancellationToken ct = default)
    {
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION"))) await InitAsync(ct);

        if (RunningPort() is int running)
        {
            Port = running;
        }
        else
        {
            Port = preferredPort > 0 ? preferredPort : FreeLoopbackPort();
            // setsid: Ctrl-C in the terminal reaches our process, which then stops the cluster in order.
            await RunPgAsync("setsid", [Path.Combine(BinDirectory, "pg_ctl"), "-D", DataDirectory, "-l", Path.Combine(DataDirectory, "server.log"),
                "-w", "-t", "60", "-o", $"-p {Port} -k {DataDirectory} -c listen_addresses=127.0.0.1", "start"], ct);
            StartedByUs = true;
        }
        await EnsureDatabaseAsync(database, ct);
    }

    /// <summary>Stops the cluster if this instance started it (or, with <paramref name="evenIfNotOurs"/>, whoever did).</summary>
    public async Task StopAsync(bool evenIfNotOurs = false)
    {
        if ((!StartedByUs && !evenIfNotOurs) || RunningPort() is null) return;
        await RunPgAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], CancellationToken.None);
        StartedByUs = false;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>The port of a live postmaster using this folder, from postmaster.pid; null when none runs.</summary>
    public int? RunningPort()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        string[] lines;
        try { lines = File.ReadAllLines(pidFile); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], out var port)) return null;
        return Directory.Exists($"/proc/{pid}") ? port : null;
    }

    private async Task InitAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(DataDirectory);
        if (RunningAsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", DataDirectory], asPostgres: false, ct);
            await RunAsync("chmod", ["700", DataDirectory], asPostgres: false, ct);
        }
        await RunPgAsync(Path.Combine(BinDirectory, "initdb"), ["-D", DataDirectory, "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions"], ct);
        Created = true;
    }

    private async Task EnsureDatabaseAsync(string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection) { Parameters = { new() { Value = database } } };
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"")}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    private Task RunPgAsync(string file, string[] args, CancellationToken ct) => RunAsync(file, args, RunningAsRoot, ct);

    private async Task RunAsync(string file, string[] args, bool asPostgres, CancellationToken ct)
    {
        // postgres refuses to run as root, so as root every server command runs as the postgres user.
        var info = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = asPostgres ? "/" : Environment.CurrentDirectory;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(DataDirectory, "server.log");
            var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(10)) : "";
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}\n{tail}".Trim());
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
