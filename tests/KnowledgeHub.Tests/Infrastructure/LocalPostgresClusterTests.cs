using KnowledgeHub.Infrastructure.Postgres;
using Npgsql;

namespace KnowledgeHub.Tests.Infrastructure;

/// <summary>The run command's cluster management: create, start, reuse a running cluster, stop, start again with data kept.</summary>
public sealed class LocalPostgresClusterTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("kh-cluster-").FullName;
    private string DataDirectory => Path.Combine(root, "data", "postgres");

    public Task InitializeAsync()
    {
        if (OperatingSystem.IsLinux() && Environment.UserName == "root") File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await new LocalPostgresCluster(DataDirectory).StopAsync(evenIfNotOurs: true); // whatever a failed test left running
        try { Directory.Delete(root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task Creates_starts_reuses_stops_and_keeps_data()
    {
        var first = new LocalPostgresCluster(DataDirectory);
        await first.StartAsync("kh");
        Assert.True(first.Created);
        Assert.True(first.StartedByUs);
        Assert.True(File.Exists(Path.Combine(DataDirectory, "PG_VERSION")));
        await Execute(first.ConnectionString("kh"), "create table kept (value text); insert into kept values ('still here')");

        // A second process finds it running and reuses it without owning it.
        var second = new LocalPostgresCluster(DataDirectory);
        await second.StartAsync("kh");
        Assert.False(second.Created);
        Assert.False(second.StartedByUs);
        Assert.Equal(first.Port, second.Port);
        await second.StopAsync(); // not ours: must not stop it
        Assert.NotNull(first.RunningPort());

        await first.StopAsync();
        Assert.Null(first.RunningPort());
        Assert.False(File.Exists(Path.Combine(DataDirectory, "postmaster.pid")));

        // Started again (on a new free port): the data is still there.
        var third = new LocalPostgresCluster(DataDirectory);
        await third.StartAsync("kh");
        Assert.False(third.Created);
        Assert.True(third.StartedByUs);
        Assert.Equal("still here", await Scalar(third.ConnectionString("kh"), "select value from kept"));
        await third.DisposeAsync();
        Assert.Null(third.RunningPort());
    }

    [Fact]
    public async Task Only_loopback_connections_are_accepted()
    {
        await using var cluster = new LocalPostgresCluster(DataDirectory);
        await cluster.StartAsync("kh");
        Assert.Equal("127.0.0.1", await Scalar(cluster.ConnectionString("kh"), "show listen_addresses"));
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
