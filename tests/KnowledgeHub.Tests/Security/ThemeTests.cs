using KnowledgeHub.Tests.Infrastructure;

namespace KnowledgeHub.Tests.Security;

public sealed class ThemeTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task The_configured_theme_is_served_and_a_visitor_can_switch_to_high_contrast()
    {
        var client = Client();
        var home = await client.GetAsync("/");
        Assert.Contains(home.Document.QuerySelectorAll("link[rel=stylesheet]"), l => l.GetAttribute("href") == "/themes/default/theme.css");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/themes/default/theme.css")).Status);

        var switched = await client.SubmitAsync("/preferences", new Dictionary<string, string> { ["theme"] = "high-contrast" }, handler: "Theme");
        Assert.Equal("/preferences", switched.Location);
        var after = await client.GetAsync("/");
        Assert.Contains(after.Document.QuerySelectorAll("link[rel=stylesheet]"), l => l.GetAttribute("href") == "/themes/high-contrast/theme.css");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/themes/high-contrast/theme.css")).Status);
    }

    [Fact]
    public async Task An_unknown_theme_is_refused()
    {
        var page = await Client().SubmitAsync("/preferences", new Dictionary<string, string> { ["theme"] = "../../etc" }, handler: "Theme");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, page.Status);
    }
}
