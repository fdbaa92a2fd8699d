using KnowledgeHub.Tests.Forum;
using KnowledgeHub.Tests.Infrastructure;
using Microsoft.Playwright;

namespace KnowledgeHub.Tests.Browser;

public sealed class LiveReplyInBrowserTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task One_member_posts_and_the_other_sees_it_appear_without_reloading()
    {
        var asha = await Members.AddAsync("Asha Gurung");
        var rafiq = await Members.AddAsync("Rafiq Islam");
        var id = await (await Members.SignedInAsync(asha)).StartThreadAsync("peer-learning", "Live in two browsers", "Who is here?");
        var server = await App.BrowserAsync();

        async Task<IPage> OpenAsync(KnowledgeHub.Features.Members.Member member)
        {
            var context = await server.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
            var cookie = (await Members.AuthCookieAsync(member)).Split('=', 2);
            await context.AddCookiesAsync([new Cookie { Name = cookie[0], Value = cookie[1], Url = server.BaseUrl }]);
            var page = await context.NewPageAsync();
            await page.GotoAsync($"/t/{id}");
            return page;
        }

        var ashaPage = await OpenAsync(asha);
        var rafiqPage = await OpenAsync(rafiq);
        await Assertions.Expect(rafiqPage.Locator("[data-presence]")).ToHaveTextAsync("2 reading", new() { Timeout = 15_000 });

        await ashaPage.GetByLabel("Your reply").FillAsync("Asha here, typing live.");
        await Assertions.Expect(rafiqPage.Locator("[data-typing]")).ToContainTextAsync("Asha Gurung is replying", new() { Timeout = 15_000 });
        await ashaPage.GetByRole(AriaRole.Button, new() { Name = "Post reply" }).ClickAsync();

        // Rafiq never reloads: the reply arrives through the hub and the fragment is fetched and shown.
        await Assertions.Expect(rafiqPage.Locator("#p2 .post-body")).ToHaveTextAsync("Asha here, typing live.", new() { Timeout = 15_000 });
        await Assertions.Expect(rafiqPage.Locator("#p2 .author")).ToHaveTextAsync("Asha Gurung");

        // And the other way round, with a reaction shown live on Asha's page.
        await rafiqPage.Locator("#p2 button[value='2:like']").ClickAsync();
        await Assertions.Expect(ashaPage.Locator("#p2 button[value='2:like'] .count")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
    }
}
