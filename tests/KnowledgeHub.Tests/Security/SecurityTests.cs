using System.Net;
using KnowledgeHub.Tests.Infrastructure;

namespace KnowledgeHub.Tests.Security;

public sealed class SecurityTests(AppFixture app) : AppTest(app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account/sign-in")]
    [InlineData("/glossary")]
    [InlineData("/does-not-exist")]
    public async Task Every_page_sends_a_strict_content_security_policy_and_security_headers(string url)
    {
        var page = await Client().GetAsync(url);
        var headers = page.Response.Headers;
        var csp = string.Join(";", headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", headers.GetValues("X-Frame-Options").Single());
        Assert.True(headers.Contains("Referrer-Policy"));
        // and no inline script in the markup itself
        Assert.All(page.Document.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src"))));
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_rejected()
    {
        var member = await Members.AddAsync();
        var response = await Client().PostAsync("/account/sign-in", [new("Email", member.Email), new("Password", TestMembers.Password)]);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
    }

    [Fact]
    public async Task The_sign_in_cookie_is_http_only_and_same_site()
    {
        var member = await Members.AddAsync();
        var page = await Client().SubmitAsync("/account/sign-in", new Dictionary<string, string> { ["Email"] = member.Email, ["Password"] = TestMembers.Password });
        var cookie = page.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kh.auth="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_endpoints_answer_and_ready_checks_PostgreSQL()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client().GetAsync("/health/live")).Status);
        var ready = await Client().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Healthy", ready.Document.Body!.TextContent.Trim());
    }

    [Fact]
    public async Task Member_ids_in_urls_are_random_not_sequential()
    {
        var a = await Members.AddAsync(email: "a@example.org");
        var b = await Members.AddAsync(email: "b@example.org");
        var shared = a.Id.ToString().Zip(b.Id.ToString()).TakeWhile(p => p.First == p.Second).Count();
        Assert.True(shared < 6, $"{a.Id} and {b.Id} share a {shared}-character prefix");
        Assert.Equal(4, a.Id.Version);
    }
}

public sealed class ProductionTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task In_production_people_are_sent_to_https_while_health_probes_answer_over_http()
    {
        await using var factory = new AppFactory(App, new Dictionary<string, string?> { ["Email:Mode"] = "Pickup" }, environment: "Production");
        var client = factory.Client();
        var page = await client.GetAsync("/account/sign-in");
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("https://localhost/account/sign-in", page.Location);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).Status);

        var https = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://hub.example.org"), AllowAutoRedirect = false }); // HSTS is never sent to localhost
        var secure = await https.GetAsync("/account/sign-in");
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Contains(secure.Headers.GetValues("Set-Cookie"), c => c.StartsWith("kh.af=") && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.True(secure.Headers.Contains("Strict-Transport-Security"));
    }
}

public sealed class PageCacheTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Visitors_get_cached_pages_that_a_new_reply_refreshes_at_once_and_members_always_fresh_ones()
    {
        var member = await Members.AddAsync("Asha");
        var client = await Members.SignedInAsync(member);
        var id = await KnowledgeHub.Tests.Forum.ForumHelpers.StartThreadAsync(client, "peer-learning", "Cached for visitors", "Opening.");
        var first = await Client().GetAsync($"/t/{id}");
        Assert.False(first.Response.Headers.Contains("Set-Cookie"), string.Join(" | ", first.Response.Headers.TryGetValues("Set-Cookie", out var sc) ? sc : [])); // nothing personal: no antiforgery cookie for visitors
        Assert.Empty(first.Document.QuerySelectorAll("input[name=__RequestVerificationToken]"));
        var second = await Client().GetAsync($"/t/{id}");
        Assert.True(second.Response.Headers.Age is not null || second.Response.Headers.Contains("Age"), "second visit served from cache");

        await KnowledgeHub.Tests.Forum.ForumHelpers.ReplyAsync(client, id, "Fresh reply.");
        Assert.Contains("Fresh reply.", (await Client().GetAsync($"/t/{id}")).Text);
        Assert.Contains("Fresh reply.", (await client.GetAsync($"/t/{id}")).Text);

        var urdu = await Client().GetAsync($"/t/{id}", acceptLanguage: "ur");
        Assert.Equal("rtl", urdu.Document.DocumentElement.GetAttribute("dir")); // one cached copy per language
    }
}

public sealed class PageCacheEvictionTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_new_thread_refreshes_visitors_copies_of_its_space_and_the_forum_list()
    {
        Assert.Contains("0 threads", (await Client().GetAsync("/forum")).Document.QuerySelector(".spaces")!.TextContent);
        Assert.DoesNotContain("Listed at once", (await Client().GetAsync("/spaces/peer-learning")).Text); // both now cached
        var member = await Members.SignedInAsync(await Members.AddAsync());
        await KnowledgeHub.Tests.Forum.ForumHelpers.StartThreadAsync(member, "peer-learning", "Listed at once", "Hello.");
        Assert.Contains("Listed at once", (await Client().GetAsync("/spaces/peer-learning")).Text);
        Assert.Contains("1 threads", (await Client().GetAsync("/forum")).Document.QuerySelector(".spaces")!.TextContent);
    }
}
