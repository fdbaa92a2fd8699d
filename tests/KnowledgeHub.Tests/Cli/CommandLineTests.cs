using System.Diagnostics;
using KnowledgeHub.Features.Admin;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Tests.Infrastructure;
using KnowledgeHub.Tests.Localization;
using Marten;

namespace KnowledgeHub.Tests.Cli;

/// <summary>Runs the built app as an administrator would from a shell: `KnowledgeHub users add ...`.</summary>
public sealed class CommandLineTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Users_add_and_grant_create_and_change_members_and_content_import_reports()
    {
        var (code, output) = await RunAsync("users", "add", "--email", "cli@example.org", "--name", "Shell Admin",
            "--password", "typed at a prompt once", "--role", "Administrator", "--country", "MN");
        Assert.True(code == 0, output);
        Assert.Contains("Created cli@example.org", output);

        await using (var session = App.Store.QuerySession())
        {
            var member = await session.Query<Member>().SingleAsync(m => m.EmailNormalized == "CLI@EXAMPLE.ORG");
            Assert.True(member.EmailConfirmed);
            Assert.Equal([Role.Member, Role.Administrator], member.Roles);
            Assert.Equal("MN", member.Country);
        }
        Assert.Equal("/", (await Client().SubmitAsync("/account/sign-in", new Dictionary<string, string> { ["Email"] = "cli@example.org", ["Password"] = "typed at a prompt once" })).Location);

        (code, output) = await RunAsync("users", "grant", "--email", "cli@example.org", "--role", "Mentor", "--role", "CourseAuthor");
        Assert.True(code == 0, output);
        await using (var session = App.Store.QuerySession())
        {
            var member = await session.Query<Member>().SingleAsync(m => m.EmailNormalized == "CLI@EXAMPLE.ORG");
            Assert.Equal([Role.Member, Role.Mentor, Role.Administrator, Role.CourseAuthor], member.Roles.Order().ToArray());
            Assert.True(await session.Query<AuditEntry>().AnyAsync(a => a.SubjectId == member.Id && a.ActorName == "command line"));
        }

        (code, output) = await RunAsync("users", "add", "--email", "cli@example.org", "--name", "Again", "--password", "typed at a prompt once");
        Assert.Equal(1, code);
        Assert.Contains("already exists", output);

        (code, output) = await RunAsync("users", "add", "--email", "weak@example.org", "--name", "Weak", "--password", "123");
        Assert.Equal(1, code);
        Assert.Contains("at least 10", output);

        (code, output) = await RunAsync("content", "import");
        Assert.True(code == 0, output);
        Assert.Contains("Content import:", output);
        Assert.Contains("0 errors", output);
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var root = LanguageTests.RepositoryRoot();
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        var dll = Path.Combine(root, "src", "KnowledgeHub", "bin", configuration, "net10.0", "KnowledgeHub.dll");
        var info = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = Path.Combine(root, "src", "KnowledgeHub"),
            RedirectStandardOutput = true, RedirectStandardError = true,
            Environment =
            {
                ["DOTNET_ENVIRONMENT"] = "Development", ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ConnectionStrings__Postgres"] = App.ConnectionString, ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
