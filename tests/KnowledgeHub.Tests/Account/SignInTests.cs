using System.Net;
using KnowledgeHub.Tests.Infrastructure;

namespace KnowledgeHub.Tests.Account;

public sealed class SignInTests(AppFixture app) : AppTest(app)
{
    private static Dictionary<string, string> Credentials(string email, string password) => new() { ["Email"] = email, ["Password"] = password };

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_password()
    {
        var member = await Members.AddAsync();
        var client = Client();
        for (var i = 0; i < 4; i++)
            Assert.Contains("not right", (await client.SubmitAsync("/account/sign-in", Credentials(member.Email, "wrong password " + i))).Text);
        var fifth = await client.SubmitAsync("/account/sign-in", Credentials(member.Email, "wrong password 5"));
        Assert.Contains("locked for 15 minutes", fifth.Text);
        var right = await client.SubmitAsync("/account/sign-in", Credentials(member.Email, TestMembers.Password));
        Assert.Equal(HttpStatusCode.OK, right.Status);
        Assert.Contains("locked", right.Text);
        Assert.Null(right.Location);
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_get_the_same_answer()
    {
        var member = await Members.AddAsync();
        var unknown = await Client().SubmitAsync("/account/sign-in", Credentials("nobody@example.org", "whatever it is"));
        var wrong = await Client().SubmitAsync("/account/sign-in", Credentials(member.Email, "whatever it is"));
        Assert.Equal(unknown.Document.QuerySelector(".error-summary")!.TextContent, wrong.Document.QuerySelector(".error-summary")!.TextContent);
    }

    [Fact]
    public async Task Sign_in_returns_to_a_local_page_but_never_to_another_site()
    {
        var member = await Members.AddAsync();
        var local = await Client().SubmitAsync("/account/sign-in?returnUrl=%2Forganisations", Credentials(member.Email, TestMembers.Password));
        Assert.Equal("/organisations", local.Location);
        var evil = await Client().SubmitAsync("/account/sign-in?returnUrl=https%3A%2F%2Fevil.example%2F", Credentials(member.Email, TestMembers.Password));
        Assert.Equal("/", evil.Location);
    }

    [Fact]
    public async Task Password_reset_by_emailed_link_sets_a_new_password_and_ends_other_sessions()
    {
        var member = await Members.AddAsync();
        var other = await Members.SignedInAsync(member);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/members/me")).Status);

        var client = Client();
        var asked = await client.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = member.Email });
        Assert.Contains("If an account uses this address", asked.Text);
        var link = Mail.LinkFor(member.Email, "reset-password");
        var reset = await client.SubmitAsync(link, new Dictionary<string, string> { ["Password"] = "a brand new sentence", ["ConfirmPassword"] = "a brand new sentence" });
        Assert.Equal("/account/sign-in", reset.Location);

        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/members/me")).Status); // the old session ended
        Assert.Contains("not right", (await client.SubmitAsync("/account/sign-in", Credentials(member.Email, TestMembers.Password))).Text);
        Assert.Equal("/", (await client.SubmitAsync("/account/sign-in", Credentials(member.Email, "a brand new sentence"))).Location);
        Assert.Contains("wrong or has expired", (await Client().GetAsync(link)).Text); // single use
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_unknown_addresses_and_sends_nothing()
    {
        var page = await Client().SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = "stranger@example.org" });
        Assert.Contains("If an account uses this address", page.Text);
        Assert.Empty(Mail.For("stranger@example.org"));
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one()
    {
        var member = await Members.AddAsync();
        var client = await Members.SignedInAsync(member);
        var wrong = await client.SubmitAsync("/account/password", new Dictionary<string, string>
            { ["CurrentPassword"] = "not it at all", ["Password"] = "another long sentence", ["ConfirmPassword"] = "another long sentence" });
        Assert.Contains("not your current password", wrong.ErrorFor("CurrentPassword"));
        var right = await client.SubmitAsync("/account/password", new Dictionary<string, string>
            { ["CurrentPassword"] = TestMembers.Password, ["Password"] = "another long sentence", ["ConfirmPassword"] = "another long sentence" });
        Assert.Equal("/members/me", right.Location);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/members/me")).Status); // this device stays signed in
    }
}

public sealed class RateLimitTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Too_many_sign_in_posts_from_one_address_get_429_while_reading_the_page_stays_free()
    {
        await using var factory = new AppFactory(App, new Dictionary<string, string?> { ["Account:FormPostsPerMinute"] = "3" });
        var client = factory.Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await client.SubmitAsync("/account/sign-in", new Dictionary<string, string> { ["Email"] = "x@example.org", ["Password"] = "nope nope nope" })).Status);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-in")).Status);
    }
}
