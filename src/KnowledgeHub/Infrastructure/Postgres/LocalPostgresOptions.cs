namespace KnowledgeHub.Infrastructure.Postgres;

/// <summary>The private PostgreSQL cluster started when no connection string is configured.</summary>
public sealed class LocalPostgresOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Data folder; relative paths are resolved against the repository or app root.</summary>
    public string DataDirectory { get; set; } = ".data/postgres";

    /// <summary>0 picks a free loopback port at start.</summary>
    public int Port { get; set; }

    public string Database { get; set; } = "knowledgehub";

    /// <summary>Folder holding initdb and pg_ctl; found automatically when empty.</summary>
    public string? BinDirectory { get; set; }
}
