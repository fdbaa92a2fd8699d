using KnowledgeHub.Infrastructure.Security;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KnowledgeHub.Infrastructure.Postgres;

public static class DatabaseModule
{
    /// <summary>Marten on PostgreSQL (configured or local), data-protection keys kept in it, and a readiness check.</summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddOptions<LocalPostgresOptions>().BindConfiguration("LocalPostgres");
        services.AddOptions<DatabaseOptions>().BindConfiguration("Database");
        services.AddSingleton<DatabaseConnection>();
        // One pool for Marten and for the few reads written in SQL (a thread page's one round trip); disposed by the container.
        services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<DatabaseConnection>().ConnectionString));

        services.AddMarten(sp =>
        {
            var options = new StoreOptions();
            options.Connection(sp.GetRequiredService<NpgsqlDataSource>());
            options.DatabaseSchemaName = "knowledgehub";
            var autoMigrate = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ApplyChangesOnStart ?? !environment.IsProduction();
            options.AutoCreateSchemaObjects = autoMigrate ? AutoCreate.CreateOrUpdate : AutoCreate.None;
            options.Schema.For<DataProtectionKey>();
            return options;
        }).UseLightweightSessions();
        services.AddHostedService<SchemaOnStart>(); // registered before the features' start-up work, so it runs first

        // Keys shared by every node through the database: cookies and antiforgery tokens survive restarts and scale-out.
        services.AddDataProtection().SetApplicationName("KnowledgeHub");
        services.RememberUnprotectedData();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new MartenXmlRepository(sp.GetRequiredService<IDocumentStore>())));

        services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"]);
        return services;
    }
}

/// <summary>Brings the schema up to date before anything else starts, unless Production leaves that to `db migrate`.</summary>
public sealed class SchemaOnStart(IDocumentStore store, IOptions<DatabaseOptions> options, IHostEnvironment environment, ILogger<SchemaOnStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!(options.Value.ApplyChangesOnStart ?? !environment.IsProduction())) return;
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        logger.LogInformation("Database schema is up to date");
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

public sealed class DatabaseOptions
{
    /// <summary>Create or update the schema at start. Default: on outside Production; Production uses `db migrate`.</summary>
    public bool? ApplyChangesOnStart { get; set; }
}
