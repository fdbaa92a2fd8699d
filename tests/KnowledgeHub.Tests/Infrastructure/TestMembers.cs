using KnowledgeHub.Features.Account;
using KnowledgeHub.Features.Members;
using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Tests.Infrastructure;

/// <summary>Seeds members straight into the store, for tests about something other than signing up.</summary>
public sealed class TestMembers(AppFixture app)
{
    public const string Password = "a quiet river at dawn";
    private static int sequence;

    public async Task<Member> AddAsync(string name = "Sita Sharma", string? email = null, bool confirmed = true, params Role[] roles)
    {
        var member = new Member
        {
            Name = name, Handle = $"{KnowledgeHub.Features.Members.Handles.FromName(name)}{Interlocked.Increment(ref sequence)}", Email = email ?? $"{Guid.NewGuid():N}@example.org", EmailConfirmed = confirmed,
            Roles = [Role.Member, .. roles], Sector = Sector.CivilSociety, Country = "NP", Level = Level.National,
            Languages = ["en", "ne"], OrganisationName = "Seto Gurans", Bio = "Works with community ECD centres.",
        };
        member.EmailNormalized = Member.Normalize(member.Email);
        member.PasswordHash = app.Factory.Services.GetRequiredService<IPasswordHasher<Member>>().HashPassword(member, Password);
        await using var session = app.Store.LightweightSession();
        session.Insert(member);
        await session.SaveChangesAsync();
        return member;
    }

    public async Task<Member?> LoadAsync(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return await session.LoadAsync<Member>(id);
    }

    /// <summary>The auth cookie ("kh.auth=…") of a fresh sign-in, for clients that are not browsers (SignalR); on another node when given.</summary>
    public async Task<string> AuthCookieAsync(Member member, AppFactory? node = null)
    {
        var page = await (node ?? app.Factory).Client().SubmitAsync("/account/sign-in", new Dictionary<string, string> { ["Email"] = member.Email, ["Password"] = Password });
        return page.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kh.auth=")).Split(';')[0];
    }

    public async Task<TestClient> SignedInAsync(Member member, AppFactory? node = null)
    {
        var client = (node ?? app.Factory).Client();
        var page = await client.SubmitAsync("/account/sign-in", new Dictionary<string, string> { ["Email"] = member.Email, ["Password"] = Password });
        if (page.Location != "/") throw new InvalidOperationException($"Sign-in failed for {member.Email}: {page.Status} {page.Text}");
        return client;
    }
}
