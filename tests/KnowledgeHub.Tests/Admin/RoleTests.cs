using System.Net;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Tests.Infrastructure;

namespace KnowledgeHub.Tests.Admin;

public sealed class RoleTests(AppFixture app) : AppTest(app)
{
    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/members/00000000-0000-0000-0000-000000000001")]
    public async Task Visitors_are_sent_to_sign_in_and_members_without_the_role_are_refused(string url)
    {
        var anonymous = await Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.Status);
        Assert.StartsWith("/account/sign-in", new Uri(new Uri("http://localhost"), anonymous.Location).PathAndQuery);

        foreach (var role in new[] { Role.Member, Role.Mentor, Role.Moderator, Role.CourseAuthor })
        {
            var client = await Members.SignedInAsync(await Members.AddAsync(email: $"{role}@example.org", roles: role));
            var page = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, page.Status);
            Assert.Contains("/account/denied", page.Location);
        }
    }

    [Fact]
    public async Task Administrator_grants_roles_and_the_member_gets_them_without_signing_in_again()
    {
        var admin = await Members.SignedInAsync(await Members.AddAsync("Ada Admin", roles: Role.Administrator));
        var member = await Members.AddAsync("Bishnu Mentor");
        var memberClient = await Members.SignedInAsync(member);

        var list = await admin.GetAsync("/admin?q=bishnu");
        Assert.Contains("Bishnu Mentor", list.Text);
        var saved = await admin.SubmitAsync($"/admin/members/{member.Id}", new Dictionary<string, string>(), handler: "Roles",
            extra: [new("Roles", "Mentor"), new("Roles", "CourseAuthor")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);

        var stored = await Members.LoadAsync(member.Id);
        Assert.Equal([Role.Member, Role.Mentor, Role.CourseAuthor], stored!.Roles.Order().ToArray());
        Assert.Contains("Mentor", (await memberClient.GetAsync("/members/me")).Document.QuerySelector(".tags")!.TextContent);
        Assert.Contains("set roles of", (await admin.GetAsync("/admin")).Text); // audit log
    }

    [Fact]
    public async Task Suspended_member_is_signed_out_at_once_and_cannot_sign_in()
    {
        var admin = await Members.SignedInAsync(await Members.AddAsync("Ada Admin", roles: Role.Administrator));
        var member = await Members.AddAsync("Troubled Member");
        var memberClient = await Members.SignedInAsync(member);

        var missingReason = await admin.SubmitAsync($"/admin/members/{member.Id}", new Dictionary<string, string> { ["Reason"] = "  " }, handler: "Suspend");
        Assert.Contains("Give a reason", missingReason.ErrorFor("Reason"));

        var suspended = await admin.SubmitAsync($"/admin/members/{member.Id}", new Dictionary<string, string> { ["Reason"] = "Posted children's photos without consent" }, handler: "Suspend");
        Assert.Equal(HttpStatusCode.Redirect, suspended.Status);

        Assert.Equal(HttpStatusCode.Redirect, (await memberClient.GetAsync("/members/me")).Status);
        var again = await Client().SubmitAsync("/account/sign-in", new Dictionary<string, string> { ["Email"] = member.Email, ["Password"] = TestMembers.Password });
        Assert.Contains("suspended", again.Text);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/members/{member.Id}")).Status);
    }

    [Fact]
    public async Task An_administrator_cannot_remove_their_own_administrator_role()
    {
        var adminMember = await Members.AddAsync("Ada Admin", roles: Role.Administrator);
        var admin = await Members.SignedInAsync(adminMember);
        var page = await admin.SubmitAsync($"/admin/members/{adminMember.Id}", new Dictionary<string, string>(), handler: "Roles",
            extra: [new("Roles", "Mentor")]);
        Assert.Contains("cannot remove your own administrator role", page.Text);
        Assert.Contains(Role.Administrator, (await Members.LoadAsync(adminMember.Id))!.Roles);
    }
}
