using KnowledgeHub.Tests.Infrastructure;
using Microsoft.Playwright;

namespace KnowledgeHub.Tests.Browser;

public sealed class SignUpInBrowserTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_person_signs_up_confirms_and_signs_in_in_a_real_browser()
    {
        var server = await App.BrowserAsync();
        await using var context = await server.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, Locale = "en-GB" });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Join", Exact = true }).ClickAsync();
        await page.GetByLabel("Email address").FillAsync("tsetseg@example.mn");
        await page.GetByLabel("Password *", new() { Exact = true }).FillAsync("steppe horses at sunrise");
        await page.GetByLabel("Repeat the password").FillAsync("steppe horses at sunrise");
        await page.GetByLabel("Full name").FillAsync("Tsetseg Batbayar");
        await page.GetByLabel("Organisation").FillAsync("Mongolia ECD Network");
        await page.GetByLabel("Sector").SelectOptionAsync("Academia");
        await page.GetByLabel("Country").SelectOptionAsync("MN");
        await page.GetByLabel("Level you work at").SelectOptionAsync("National");
        await page.GetByLabel("Монгол (Mongolian)").CheckAsync();
        await page.GetByLabel("Expertise").FillAsync("early learning, research");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();

        await page.GotoAsync(Mail.LinkFor("tsetseg@example.mn", "confirm-email"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your email address is confirmed" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();

        await page.GetByLabel("Email address").FillAsync("tsetseg@example.mn");
        await page.GetByLabel("Password").FillAsync("steppe horses at sunrise");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Signed in as Tsetseg Batbayar.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "My profile" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tsetseg Batbayar" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Mongolia ECD Network")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Sign_in_and_a_form_error_work_with_javascript_turned_off()
    {
        var member = await Members.AddAsync("Rahim Uddin");
        var server = await App.BrowserAsync();
        await using var context = await server.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, JavaScriptEnabled = false });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(member.Email);
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Email address or password is not right.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Email address")).ToHaveValueAsync(member.Email);

        await page.GetByLabel("Password").FillAsync(TestMembers.Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Signed in as Rahim Uddin.")).ToBeVisibleAsync();

        // The language switcher is a plain form: choose and press the button.
        await page.GetByLabel("Language").SelectOptionAsync("ur");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
    }
}
