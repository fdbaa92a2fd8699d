using System.Text;
using KnowledgeHub.Tests.Courses;
using KnowledgeHub.Tests.Infrastructure;
using Microsoft.Playwright;

namespace KnowledgeHub.Tests.Browser;

public sealed class CoursesInBrowserTests(AppFixture app) : CourseTest(app)
{
    [Fact]
    public async Task A_member_enrols_reads_fails_then_passes_the_quiz_and_a_stranger_verifies_the_certificate_and_its_pdf()
    {
        var slug = await PublishAsync(maxAttempts: 3);
        var member = await Members.AddAsync("Tsering Dolma");
        var server = await App.BrowserAsync();
        var context = await server.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, AcceptDownloads = true });
        var cookie = (await Members.AuthCookieAsync(member)).Split('=', 2);
        await context.AddCookiesAsync([new Cookie { Name = cookie[0], Value = cookie[1], Url = server.BaseUrl }]);
        var page = await context.NewPageAsync();

        await page.GotoAsync($"/courses/{slug}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol in this course" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "First lesson" }).ClickAsync();
        await Assertions.Expect(page.Locator("article")).ToContainTextAsync("responsive caregiving");
        await page.GetByRole(AriaRole.Button, new() { Name = "I have read this lesson" }).ClickAsync();

        // First attempt: wrong answers.
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the quiz" }).ClickAsync();
        await page.GetByLabel("Wrong answer").CheckAsync();
        await page.GetByLabel("Your answer").FillAsync("early learning");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit my answers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Not passed this time.");
        await Assertions.Expect(page.Locator(".quiz-review")).ToContainTextAsync("The second one is right.");

        // Second attempt: right answers.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the lesson" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the quiz" }).ClickAsync();
        await page.GetByLabel("Right answer").CheckAsync();
        await page.GetByLabel("Your answer").FillAsync("Nurturing care");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit my answers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Passed");

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the lesson" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Second lesson →" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "I have read this lesson" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You have completed this course.");
        await page.GetByRole(AriaRole.Link, new() { Name = "See your certificate" }).ClickAsync();
        var verificationPath = new Uri(page.Url).AbsolutePath;
        var code = verificationPath.Split('/')[2];

        // A stranger (an employer, no account) opens the verification address.
        var stranger = await server.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl, AcceptDownloads = true });
        var check = await stranger.NewPageAsync();
        await check.GotoAsync(verificationPath);
        await Assertions.Expect(check.GetByRole(AriaRole.Status)).ToContainTextAsync("VALID");
        await Assertions.Expect(check.Locator("dl")).ToContainTextAsync("Tsering Dolma");
        await Assertions.Expect(check.Locator("dl")).ToContainTextAsync("Test course on caregiving");
        await Assertions.Expect(check.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync(); // really signed out

        var download = await check.RunAndWaitForDownloadAsync(() => check.GetByRole(AriaRole.Link, new() { Name = "Download PDF" }).ClickAsync());
        var file = await download.PathAsync();
        var pdf = await File.ReadAllBytesAsync(file);
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.Contains($"http://localhost/certificates/{code}", Encoding.Latin1.GetString(pdf));

        await context.CloseAsync();
        await stranger.CloseAsync();
    }
    [Fact]
    public async Task The_quiz_is_taken_with_the_keyboard_alone_and_states_show_in_words_and_styles()
    {
        var slug = await PublishAsync();
        var member = await Members.AddAsync("Keyboard User");
        var server = await App.BrowserAsync();
        var context = await server.Browser.NewContextAsync(new() { BaseURL = server.BaseUrl });
        var cookie = (await Members.AuthCookieAsync(member)).Split('=', 2);
        await context.AddCookiesAsync([new Cookie { Name = cookie[0], Value = cookie[1], Url = server.BaseUrl }]);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/courses/{slug}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol in this course" }).PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "0 of 2 lessons done" })).ToBeVisibleAsync();
        await page.GotoAsync($"/courses/{slug}/lessons/first");
        await page.GetByRole(AriaRole.Button, new() { Name = "I have read this lesson" }).PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the quiz" }).PressAsync("Enter");
        await page.WaitForURLAsync("**/quiz/**");

        // Arrow keys move through a question's options (their order may be shuffled), Tab to the next question, Enter sends the answers.
        var first = page.Locator("input[type=radio]").First;
        await first.FocusAsync();
        await Assertions.Expect(first).ToBeFocusedAsync();
        for (var presses = 0; presses < 3 && !await page.GetByLabel("Right answer").IsCheckedAsync(); presses++)
            await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.GetByLabel("Right answer")).ToBeCheckedAsync();
        var typedQuestionComesAfter = await page.EvaluateAsync<bool>(
            "() => !!(document.querySelector('input[type=radio]').compareDocumentPosition(document.querySelector('input[name=\"answers[term]\"]')) & Node.DOCUMENT_POSITION_FOLLOWING)");
        await page.Keyboard.PressAsync(typedQuestionComesAfter ? "Tab" : "Shift+Tab");
        await Assertions.Expect(page.GetByLabel("Your answer")).ToBeFocusedAsync();
        Assert.Equal("solid", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle")); // a visible focus ring
        await page.Keyboard.TypeAsync("nurturing care");
        await page.Keyboard.PressAsync("Enter");

        var result = page.Locator(".result");
        await Assertions.Expect(result).ToContainTextAsync("Passed");
        Assert.Equal("2px", await result.EvaluateAsync<string>("e => getComputedStyle(e).borderTopWidth")); // styled, not only coloured text
        Assert.Contains("✓", await page.Locator(".quiz-review .right").First.EvaluateAsync<string>("e => getComputedStyle(e, '::before').content"));

        await page.GotoAsync($"/courses/{slug}/lessons/second");
        await page.GetByRole(AriaRole.Button, new() { Name = "I have read this lesson" }).PressAsync("Enter");
        await page.GotoAsync($"/courses/{slug}");
        await Assertions.Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "2 of 2 lessons done" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "See your certificate" }).PressAsync("Enter");
        var status = page.Locator(".status.valid");
        await Assertions.Expect(status).ToContainTextAsync("VALID");
        Assert.Equal("3px", await status.EvaluateAsync<string>("e => getComputedStyle(e).borderTopWidth"));
        await context.CloseAsync();
    }
}
