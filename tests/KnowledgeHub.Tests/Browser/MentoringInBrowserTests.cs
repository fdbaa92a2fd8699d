using KnowledgeHub.Features.Members;
using KnowledgeHub.Tests.Infrastructure;
using KnowledgeHub.Tests.Mentoring;
using Microsoft.Playwright;

namespace KnowledgeHub.Tests.Browser;

/// <summary>Mentoring as two people do it, each in their own browser: ask, accept, meet in the circle, talk privately.</summary>
public sealed class MentoringInBrowserTests(AppFixture app) : AppTest(app)
{
    private static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 15_000 };

    private async Task<IPage> OpenAsBrowserAsync(BrowserServer server, Member member)
    {
        var context = await server.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var cookie = (await Members.AuthCookieAsync(member)).Split('=', 2);
        await context.AddCookiesAsync([new Cookie { Name = cookie[0], Value = cookie[1], Url = server.BaseUrl }]);
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task A_mentee_asks_a_mentor_from_the_directory_they_meet_in_the_circle_and_an_outsider_gets_404()
    {
        var mentor = await Members.AddAsync("Meena Mentor", roles: Role.Mentor);
        var mentee = await Members.AddAsync("Tashi Dorji");
        var outsider = await Members.AddAsync("Oscar Outsider");
        await (await Members.SignedInAsync(mentor)).PublishProfileAsync(expertise: "costing, financing");
        var server = await App.BrowserAsync();
        var menteePage = await OpenAsBrowserAsync(server, mentee);
        var mentorPage = await OpenAsBrowserAsync(server, mentor);

        // The mentee finds the mentor in the directory and asks.
        await menteePage.GotoAsync("/mentoring");
        await menteePage.GetByRole(AriaRole.Link, new() { Name = "Find a mentor" }).First.ClickAsync();
        await menteePage.GetByLabel("Expertise or name").FillAsync("costing");
        await menteePage.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(menteePage.GetByRole(AriaRole.Status)).ToHaveTextAsync("1 mentor");
        await menteePage.GetByRole(AriaRole.Link, new() { Name = "Meena Mentor" }).ClickAsync();
        await menteePage.GetByLabel("Topic").FillAsync("Costing our national ECD plan");
        await menteePage.GetByLabel("What do you want to achieve?").FillAsync("Present a costed plan to the ministry by March.");
        await menteePage.GetByLabel("Preferred language").SelectOptionAsync(new SelectOptionValue { Value = "ne" });
        await menteePage.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
        await Assertions.Expect(menteePage.Locator("[data-status]")).ToHaveTextAsync("Waiting for an answer");

        // The mentor is told (the count in the header), opens the notification, and accepts the request into a new circle.
        await mentorPage.GotoAsync("/mentoring");
        await Assertions.Expect(mentorPage.Locator("[data-notification-count]")).ToHaveTextAsync("1");
        await Assertions.Expect(mentorPage.GetByRole(AriaRole.Link, new() { Name = "Tashi Dorji: Costing our national ECD plan" })).ToBeVisibleAsync(); // waiting for an answer
        await mentorPage.GetByRole(AriaRole.Link, new() { Name = "Notifications" }).ClickAsync();
        await mentorPage.GetByRole(AriaRole.Button, new() { Name = "Tashi Dorji asked you for mentoring: “Costing our national ECD plan”" }).ClickAsync();
        await Assertions.Expect(mentorPage.Locator("dl")).ToContainTextAsync("Present a costed plan to the ministry by March.");
        var accept = mentorPage.Locator("form[data-accept]");
        await accept.GetByLabel("A word to Tashi Dorji (optional)").FillAsync("Happy to help. Let us start with your numbers.");
        await accept.GetByLabel("Coaching circle").SelectOptionAsync(new SelectOptionValue { Label = "A new circle" });
        await accept.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Assertions.Expect(mentorPage.Locator("[data-status]")).ToHaveTextAsync("Active");
        await mentorPage.GetByRole(AriaRole.Link, new() { Name = "Open the coaching circle" }).ClickAsync();
        await Assertions.Expect(mentorPage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Coaching circle of Meena Mentor");
        await Assertions.Expect(mentorPage.Locator("main")).ToContainTextAsync("Tashi Dorji");
        var circleUrl = mentorPage.Url;

        // The mentee hears of it, finds the circle through the mentorship (and on their mentoring page), and starts a private coaching thread there.
        await menteePage.GotoAsync("/notifications");
        await menteePage.GetByRole(AriaRole.Button, new() { Name = "Meena Mentor accepted your mentoring request: “Costing our national ECD plan”" }).ClickAsync();
        await Assertions.Expect(menteePage.Locator("[data-status]")).ToHaveTextAsync("Active");
        await menteePage.GetByRole(AriaRole.Link, new() { Name = "Open the coaching circle" }).ClickAsync();
        Assert.Equal(circleUrl, menteePage.Url);
        await menteePage.GotoAsync("/mentoring");
        await menteePage.GetByRole(AriaRole.Link, new() { Name = "Coaching circle of Meena Mentor" }).ClickAsync();
        Assert.Equal(circleUrl, menteePage.Url);
        await menteePage.GetByRole(AriaRole.Link, new() { Name = "Start a coaching thread" }).ClickAsync();
        await menteePage.GetByLabel("Title").FillAsync("Where do I start with unit costs?");
        await menteePage.GetByLabel("Your post").FillAsync("I have the service norms but no unit costs yet.");
        await menteePage.GetByRole(AriaRole.Button, new() { Name = "Post the thread" }).ClickAsync();
        await Assertions.Expect(menteePage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Where do I start with unit costs?");
        var threadPath = new Uri(menteePage.Url).AbsolutePath;

        // The mentor's circle page, open all along, announces the new thread; the mentor opens it and replies.
        await Assertions.Expect(mentorPage.GetByRole(AriaRole.Link, new() { Name = "New activity: show it" })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await mentorPage.GetByRole(AriaRole.Link, new() { Name = "New activity: show it" }).ClickAsync();
        await mentorPage.GetByRole(AriaRole.Link, new() { Name = "Where do I start with unit costs?" }).ClickAsync();
        await Assertions.Expect(mentorPage.Locator("#p1 .post-body")).ToHaveTextAsync("I have the service norms but no unit costs yet.");
        await Assertions.Expect(menteePage.Locator("[data-presence]")).ToHaveTextAsync("2 reading", Soon);
        await mentorPage.GetByLabel("Your reply").FillAsync("Start from one district's actual spending.");
        await mentorPage.GetByRole(AriaRole.Button, new() { Name = "Post reply" }).ClickAsync();

        // The mentee sees the reply arrive without reloading, and the way back leads to the circle.
        await Assertions.Expect(menteePage.Locator("#p2 .post-body")).ToHaveTextAsync("Start from one district's actual spending.", Soon);
        await Assertions.Expect(menteePage.Locator("#p2 .author")).ToHaveTextAsync("Meena Mentor");
        await menteePage.GetByRole(AriaRole.Link, new() { Name = "← Coaching circle of Meena Mentor" }).ClickAsync();
        Assert.Equal(circleUrl, menteePage.Url);

        // Someone outside the circle gets "not found" for the thread and the circle, as if neither existed.
        var outsiderPage = await OpenAsBrowserAsync(server, outsider);
        var thread = await outsiderPage.GotoAsync(threadPath);
        Assert.Equal(404, thread!.Status);
        await Assertions.Expect(outsiderPage.Locator("main")).Not.ToContainTextAsync("unit costs");
        Assert.Equal(404, (await outsiderPage.GotoAsync(circleUrl))!.Status);
        await Assertions.Expect(outsiderPage.GetByRole(AriaRole.Link, new() { Name = "Notifications" })).ToBeVisibleAsync(); // signed in, not merely a visitor

        foreach (var page in new[] { menteePage, mentorPage, outsiderPage }) await page.Context.CloseAsync();
    }
}
