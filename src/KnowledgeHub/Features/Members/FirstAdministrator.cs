using System.Security.Cryptography;
using KnowledgeHub.Features.Admin;
using KnowledgeHub.Features.Organisations;
using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Features.Members;

public sealed class FirstAdministratorOptions
{
    public bool CreateOnFirstRun { get; set; } = true;
    public string Email { get; set; } = "admin@localhost";
    public string Name { get; set; } = "Administrator";
    /// <summary>Leave empty to have a strong one generated and printed once.</summary>
    public string? Password { get; set; }
}

/// <summary>On a fresh database, creates the first administrator and says on the console how to sign in.</summary>
public sealed class FirstAdministrator(IDocumentStore store, IPasswordHasher<Member> hasher, IOptions<FirstAdministratorOptions> options,
    IOptions<KnowledgeHub.Infrastructure.SiteOptions> site, ILogger<FirstAdministrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.CreateOnFirstRun) return;
        await using var session = store.LightweightSession();
        if (await session.Query<Member>().AnyAsync(m => m.Roles.Contains(Role.Administrator), ct)) return;
        if (await session.Query<Member>().AnyAsync(m => m.EmailNormalized == Member.Normalize(o.Email), ct)) return;

        var generated = string.IsNullOrEmpty(o.Password);
        var password = generated ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_') : o.Password!;
        var organisation = await OrganisationDirectory.FindOrAddAsync(session, "Network secretariat", Sector.CivilSociety, "NP", Level.National, ct);
        var admin = new Member
        {
            Name = o.Name, Email = o.Email, EmailNormalized = Member.Normalize(o.Email), EmailConfirmed = true,
            Roles = [Role.Member, Role.Administrator], OrganisationId = organisation.Id, OrganisationName = organisation.Name,
            Sector = Sector.CivilSociety, Country = "NP", Level = Level.National, Languages = ["en"],
        };
        admin.Handle = await Handles.NewAsync(session, admin.Name, ct);
        admin.PasswordHash = hasher.HashPassword(admin, password);
        session.Insert(admin);
        session.Store(new AuditEntry { ActorName = "first run", Action = "created administrator", SubjectId = admin.Id, SubjectName = admin.Name });
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Created the first administrator {Email}", o.Email);
        Console.WriteLine();
        Console.WriteLine("  ┌─ First run: an administrator account was created ─────────────────");
        Console.WriteLine($"  │ Sign in at {site.Value.PublicUrl?.TrimEnd('/')}/account/sign-in");
        Console.WriteLine($"  │ with  email: {o.Email}");
        Console.WriteLine(generated ? $"  │  password: {password}" : "  │ and the password from Admin:Password.");
        Console.WriteLine("  │ Change the password after signing in (My profile → Change your password),");
        Console.WriteLine("  │ and edit the organisation and country on your profile.");
        Console.WriteLine("  └────────────────────────────────────────────────────────────────────");
        Console.WriteLine();
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
