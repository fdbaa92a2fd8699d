using System.CommandLine;
using KnowledgeHub.Features.Admin;
using KnowledgeHub.Features.Content;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Features.Organisations;
using KnowledgeHub.Features.Account;
using KnowledgeHub.Infrastructure.Postgres;
using Marten;
using Microsoft.AspNetCore.Identity;

namespace KnowledgeHub.Infrastructure.Cli;

/// <summary>Verbs for scripting an installation: `knowledgehub users add|grant|list`, `content import`, `db migrate`, `search rebuild`.</summary>
public static class Commands
{
    private static readonly string[] Verbs = ["users", "content", "db", "search"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var root = new RootCommand("KnowledgeHub administration commands. Without a command, the web app starts.");
        root.Subcommands.Add(Users(app.Services));
        root.Subcommands.Add(ContentCommand(app.Services));
        root.Subcommands.Add(Database(app.Services));
        root.Subcommands.Add(SearchCommand(app.Services));
        try
        {
            return await root.Parse(args).InvokeAsync();
        }
        finally
        {
            if (app.Services.GetRequiredService<DatabaseConnection>().Cluster is { StartedByUs: true } cluster) await cluster.StopAsync();
        }
    }

    private static Command Users(IServiceProvider services)
    {
        var email = new Option<string>("--email") { Description = "The member's email address", Required = true };
        var name = new Option<string>("--name") { Description = "Full name", Required = true };
        var password = new Option<string>("--password") { Description = "At least 10 characters", Required = true };
        var roles = new Option<Role[]>("--role") { Description = "Member, Mentor, Moderator, Administrator, CourseAuthor (repeatable)", AllowMultipleArgumentsPerToken = true };
        var organisation = new Option<string>("--organisation") { Description = "Organisation name", DefaultValueFactory = _ => "Network secretariat" };
        var country = new Option<string>("--country") { Description = "ISO country code", DefaultValueFactory = _ => "NP" };

        var add = new Command("add", "Create a confirmed member") { email, name, password, roles, organisation, country };
        add.SetAction(async (result, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
            var emailValue = result.GetValue(email)!.Trim();
            var problem = EmailRules.Problem(emailValue) ?? PasswordPolicy.Problem(result.GetValue(password), emailValue, result.GetValue(name));
            var countryValue = result.GetValue(country)!.ToUpperInvariant();
            if (problem is null && !Countries.IsKnown(countryValue)) problem = $"Unknown country code '{countryValue}'.";
            if (problem is not null) return Fail(problem);
            if (await session.Query<Member>().AnyAsync(m => m.EmailNormalized == Member.Normalize(emailValue), ct))
                return Fail($"A member with the email {emailValue} already exists.");
            var org = await OrganisationDirectory.FindOrAddAsync(session, result.GetValue(organisation)!, Sector.CivilSociety, countryValue, Level.National, ct);
            var member = new Member
            {
                Name = result.GetValue(name)!.Trim(), Email = emailValue, EmailNormalized = Member.Normalize(emailValue), EmailConfirmed = true,
                Roles = [Role.Member, .. (result.GetValue(roles) ?? []).Where(r => r != Role.Member).Distinct()],
                OrganisationId = org.Id, OrganisationName = org.Name, Country = countryValue, Languages = ["en"],
            };
            member.Handle = await Handles.NewAsync(session, member.Name, ct);
            member.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<Member>>().HashPassword(member, result.GetValue(password)!);
            session.Insert(member);
            session.Store(new AuditEntry { ActorName = Actor.CommandLine.Name, Action = "created", SubjectId = member.Id, SubjectName = member.Name, Details = string.Join(", ", member.Roles) });
            await session.SaveChangesAsync(ct);
            Console.WriteLine($"Created {member.Email} ({string.Join(", ", member.Roles)}), id {member.Id}");
            return 0;
        });

        var grantEmail = new Option<string>("--email") { Description = "The member's email address", Required = true };
        var grantRoles = new Option<Role[]>("--role") { Description = "Role to grant (repeatable)", Required = true, AllowMultipleArgumentsPerToken = true };
        var revoke = new Option<bool>("--revoke") { Description = "Take the roles away instead" };
        var grant = new Command("grant", "Grant (or with --revoke, take away) roles") { grantEmail, grantRoles, revoke };
        grant.SetAction(async (result, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
            var emailValue = result.GetValue(grantEmail)!;
            var member = await session.Query<Member>().FirstOrDefaultAsync(m => m.EmailNormalized == Member.Normalize(emailValue), ct);
            if (member is null) return Fail($"No member with the email {emailValue}.");
            var change = result.GetValue(grantRoles)!;
            var newRoles = result.GetValue(revoke) ? member.Roles.Except(change) : member.Roles.Union(change);
            await scope.ServiceProvider.GetRequiredService<MemberAdministration>().SetRolesAsync(member, newRoles.ToList(), Actor.CommandLine, ct);
            Console.WriteLine($"{member.Email}: {string.Join(", ", member.Roles)}");
            return 0;
        });

        var list = new Command("list", "List members and their roles");
        list.SetAction(async (_, ct) =>
        {
            await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
            foreach (var m in await session.Query<Member>().OrderBy(m => m.Email).ToListAsync(ct))
                Console.WriteLine($"{m.Email,-40} {m.Name,-30} {string.Join(",", m.Roles)}{(m.Suspended ? " (suspended)" : "")}");
            return 0;
        });
        return new Command("users", "Manage members") { add, grant, list };
    }

    private static Command ContentCommand(IServiceProvider services)
    {
        var import = new Command("import", "Import content/ (idempotent): report created, updated, unchanged, missing files and errors");
        import.SetAction(async (_, ct) =>
        {
            var report = await services.GetRequiredService<ContentImport>().ImportAsync(ct);
            Console.WriteLine($"Content import: {report}");
            foreach (var e in report.Errors) Console.Error.WriteLine($"error: {e}");
            foreach (var m in report.Missing) Console.WriteLine($"missing (file removed, document kept): {m}");
            foreach (var s in report.Skipped) Console.WriteLine($"skipped (no importer for this folder): {s}");
            return report.Errors.Count == 0 ? 0 : 1;
        });
        return new Command("content", "Authored content") { import };
    }

    private static Command Database(IServiceProvider services)
    {
        var migrate = new Command("migrate", "Create or update the database schema (the explicit step for Production)");
        migrate.SetAction(async (_, ct) =>
        {
            await services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            Console.WriteLine("Database schema is up to date.");
            return 0;
        });
        return new Command("db", "Database") { migrate };
    }

    private static Command SearchCommand(IServiceProvider services)
    {
        var rebuild = new Command("rebuild", "Rebuild the search index from PostgreSQL on every node (each running node starts at once; a stopped one when it starts)");
        rebuild.SetAction(async (_, ct) =>
        {
            var generation = await Search.SearchChanges.RequestRebuildAsync(services.GetRequiredService<IDocumentStore>(), ct);
            Console.WriteLine($"Search rebuild requested (generation {generation}): every node rebuilds its own index from the database.");
            return 0;
        });
        return new Command("search", "Search index") { rebuild };
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
