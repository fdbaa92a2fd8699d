using KnowledgeHub.Features.Admin;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Notifications;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Features.Organisations;
using KnowledgeHub.Infrastructure.Postgres;
using Marten;
using Marten.Patching;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Tests.Infrastructure;

/// <summary>
/// One private PostgreSQL cluster for the whole test run (its own folder and port, removed afterwards), and the app
/// on top of it. Tests in the "App" collection share it one at a time; each resets member data before it starts.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public LocalPostgresCluster Cluster { get; }
    public string ConnectionString => Cluster.ConnectionString(Database);
    public string MailDirectory { get; } = Directory.CreateTempSubdirectory("kh-mail-").FullName;
    public AppFactory Factory { get; private set; } = null!;
    private const string Database = "knowledgehub_tests";
    private readonly string root = Directory.CreateTempSubdirectory("kh-tests-").FullName;

    public AppFixture() => Cluster = new LocalPostgresCluster(Path.Combine(root, "postgres"));

    public async Task InitializeAsync()
    {
        if (OperatingSystem.IsLinux() && Environment.UserName == "root") File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101); // postgres must reach its folder
        await Cluster.StartAsync(Database);
        Factory = new AppFactory(this);
        _ = Factory.Server; // start the host: schema, content import
    }

    private BrowserServer? browser;

    /// <summary>Started on first use: only browser tests pay for Kestrel and Chromium.</summary>
    public async Task<BrowserServer> BrowserAsync() => browser ??= await BrowserServer.StartAsync(this);

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        await Factory.DisposeAsync();
        await Cluster.StopAsync();
        foreach (var folder in new[] { root, MailDirectory })
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public IDocumentStore Store => Factory.Services.GetRequiredService<IDocumentStore>();

    /// <summary>Removes what tests create (members, organisations, audit entries, emails); authored content stays.</summary>
    public async Task ResetAsync()
    {
        foreach (var type in new[] { typeof(Member), typeof(SignInRecord), typeof(Organisation), typeof(AuditEntry),
                     typeof(ForumThread), typeof(Post), typeof(ThreadEvent), typeof(Reading), typeof(SpaceWatch), typeof(Draft), typeof(Notification), typeof(KnowledgeHub.Features.Moderation.Flag),
                     typeof(KnowledgeHub.Features.Api.AccessToken), typeof(KnowledgeHub.Features.Mentoring.MentorProfile), typeof(KnowledgeHub.Features.Mentoring.MentoringRequest),
                     typeof(KnowledgeHub.Features.Mentoring.Circle), typeof(KnowledgeHub.Features.Mentoring.Mentorship), typeof(KnowledgeHub.Features.Mentoring.CoachingSession),
                     typeof(KnowledgeHub.Features.Mentoring.MenteeGoal) })
            await Store.Advanced.Clean.DeleteDocumentsByTypeAsync(type);
        // Spaces come from content/; what tests change on them (groups, moderators, counters) is put back.
        await using var session = Store.LightweightSession();
        foreach (var space in await session.Query<Space>().ToListAsync())
        {
            if (space.CircleId is not null)
            {
                session.Delete(space); // a coaching circle's space goes with its circle
                continue;
            }
            (space.MemberIds, space.ModeratorIds, space.ThreadCount, space.LastActivityAt, space.Safeguarding) = ([], [], 0, null, []);
            session.Store(space);
        }
        // Case studies from content/ stay (their forum threads went with the threads above); submitted ones go.
        session.DeleteWhere<KnowledgeHub.Features.CaseStudies.CaseStudy>(c => c.Origin == KnowledgeHub.Features.CaseStudies.CaseStudyOrigin.Submitted);
        session.Patch<KnowledgeHub.Features.CaseStudies.CaseStudy>(c => c.Origin == KnowledgeHub.Features.CaseStudies.CaseStudyOrigin.Imported)
            .Set(c => c.ThreadId, null);
        await session.SaveChangesAsync();
        foreach (var file in Directory.GetFiles(MailDirectory)) File.Delete(file);
    }

    public Dictionary<string, string?> Settings() => new()
    {
        ["ConnectionStrings:Postgres"] = ConnectionString,
        ["Email:Mode"] = "Pickup",
        ["Email:PickupDirectory"] = MailDirectory,
        ["Admin:CreateOnFirstRun"] = "false",
        ["Account:FormPostsPerMinute"] = "100000",
        ["Account:RevalidateSeconds"] = "0",
        ["Site:PublicUrl"] = "http://localhost",
        ["NotificationMail:Enabled"] = "false", // tests send due emails themselves, at the time they choose
    };
}

/// <summary>One app (node) on the shared database; <paramref name="services"/> replaces services, such as the clock, for this node only.</summary>
public sealed class AppFactory(AppFixture fixture, IDictionary<string, string?>? overrides = null, string environment = "Development",
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    /// <summary>Each app (node) keeps its own search index, as in production; removed with the app unless the test chose the folder.</summary>
    private readonly string? ownIndex = overrides?.ContainsKey("Search:IndexPath") == true ? null : Directory.CreateTempSubdirectory("kh-search-").FullName;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownIndex is not null) try { Directory.Delete(ownIndex, recursive: true); } catch (IOException) { }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        var settings = fixture.Settings();
        if (ownIndex is not null) settings["Search:IndexPath"] = ownIndex;
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureTestServices(services);
    }

    public TestClient Client() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
}

[CollectionDefinition("App")]
public sealed class AppCollection : ICollectionFixture<AppFixture>;

/// <summary>Base for tests that use the app: resets data first, offers members and clients.</summary>
[Collection("App")]
public abstract class AppTest(AppFixture app) : IAsyncLifetime
{
    protected AppFixture App { get; } = app;
    protected TestClient Client() => App.Factory.Client();
    protected Mailbox Mail => new(App.MailDirectory);
    protected TestMembers Members => new(App);

    public virtual Task InitializeAsync() => App.ResetAsync();
    public virtual Task DisposeAsync() => Task.CompletedTask;
}
