using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Tests.Forum;
using KnowledgeHub.Tests.Infrastructure;

namespace KnowledgeHub.Tests.Api;

public sealed class ForumApiTests(AppFixture app) : AppTest(app)
{
    private async Task<(Member Member, HttpClient Api)> MemberWithTokenAsync(string name = "Api User")
    {
        var member = await Members.AddAsync(name);
        var client = await Members.SignedInAsync(member);
        var created = await client.SubmitAsync("/account/tokens", new Dictionary<string, string> { ["Name"] = "my script" }, "form[action*='handler=Create']");
        var token = created.Document.QuerySelector("[data-new-token]")!.TextContent.Trim();
        Assert.StartsWith("kh_", token);
        var api = App.Factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (member, api);
    }

    [Fact]
    public async Task A_token_lists_spaces_starts_a_thread_replies_reacts_and_reads_it_back()
    {
        var (_, api) = await MemberWithTokenAsync();
        var spaces = await api.GetFromJsonAsync<JsonElement>("/api/spaces");
        Assert.Contains(spaces.EnumerateArray(), s => s.GetProperty("slug").GetString() == "peer-learning");

        var created = await api.PostAsJsonAsync("/api/spaces/peer-learning/threads", new { title = "Posted from a script", body = "Hello from the **API**.", tags = "api, test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var thread = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = thread.GetProperty("id").GetGuid();

        var reply = await api.PostAsJsonAsync($"/api/threads/{id}/replies", new { body = "A reply through the API.", replyTo = 1 });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var replyId = (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var reacted = await api.PostAsJsonAsync($"/api/posts/{replyId}/reactions", new { reaction = "insightful" });
        Assert.Equal(1, (await reacted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reactions").GetProperty("insightful").GetInt32());

        var read = await Client().Http.GetFromJsonAsync<JsonElement>($"/api/threads/{id}"); // a visitor may read a public thread
        var posts = read.GetProperty("posts").EnumerateArray().ToList();
        Assert.Equal(2, posts.Count);
        Assert.Contains("<strong>API</strong>", posts[0].GetProperty("html").GetString());
        Assert.Equal(1, posts[1].GetProperty("replyTo").GetInt32());
        Assert.Contains("Posted from a script", (await Client().GetAsync($"/t/{id}")).Text); // the pages see the same thread
    }

    [Fact]
    public async Task Writes_need_a_token_and_a_bad_token_is_refused()
    {
        var anonymous = App.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/spaces/peer-learning/threads", new { title = "No token here", body = "x" })).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "kh_not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/spaces")).StatusCode);

        // A signed-in browser cookie is not an API credential: no cross-site writes with it.
        var member = await Members.AddAsync();
        var browser = App.Factory.CreateClient();
        browser.DefaultRequestHeaders.Add("Cookie", await Members.AuthCookieAsync(member));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsJsonAsync("/api/spaces/peer-learning/threads", new { title = "With a cookie", body = "x" })).StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_stops_working()
    {
        var (member, api) = await MemberWithTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/spaces")).StatusCode);
        var client = await Members.SignedInAsync(member);
        await client.SubmitAsync("/account/tokens", new Dictionary<string, string>(), "form[action*='handler=Revoke']");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/spaces")).StatusCode);
    }

    [Fact]
    public async Task A_private_thread_is_404_through_the_api_for_outsiders()
    {
        var insider = await Members.AddAsync("Insider");
        await App.AddToSpaceAsync("network-secretariat", insider);
        var id = await (await Members.SignedInAsync(insider)).StartThreadAsync("network-secretariat", "Private via API", "Secret.");
        var post = (await App.PostsAsync(id))[0];
        var (_, outsider) = await MemberWithTokenAsync("Outsider");

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/threads/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync("/api/spaces/network-secretariat/threads")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync($"/api/threads/{id}/replies", new { body = "Let me in" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync($"/api/posts/{post.Id}/reactions", new { reaction = "like" })).StatusCode);
        Assert.DoesNotContain("network-secretariat", await outsider.GetStringAsync("/api/spaces"));
        Assert.Single(await App.PostsAsync(id));
    }

    [Theory]
    [InlineData("{\"title\":\"Ok title\",\"body\":\"\"}", "body")]
    [InlineData("{\"title\":\"x\",\"body\":\"fine\"}", "title")]
    [InlineData("{\"title\":\"Ok title\",\"body\":\"nul \\u0000 here\"}", "body")]
    [InlineData("{\"title\":\"Ok title\",\"body\":\"lone \\ud800 surrogate\"}", "request")]
    [InlineData("{\"title\":\"Ok title\",\"body\":\"fine\",\"kind\":\"Sermon\"}", "kind")]
    public async Task Bad_input_gets_400_with_the_field_never_a_500(string json, string field)
    {
        var (_, api) = await MemberWithTokenAsync();
        var response = await api.PostAsync("/api/spaces/peer-learning/threads", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        var (_, api) = await MemberWithTokenAsync();
        var response = await api.PostAsync("/api/spaces/peer-learning/threads", new StringContent("{\"title\": \"unclosed", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var doc = await Client().Http.GetFromJsonAsync<JsonElement>("/api/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/spaces", "/api/spaces/{slug}/threads", "/api/threads/{id}", "/api/threads/{id}/replies", "/api/posts/{id}/reactions" })
            Assert.True(paths.TryGetProperty(path, out _), path);
    }
}

public sealed class ApiRateLimitTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Past_the_limit_the_api_answers_429()
    {
        await using var factory = new AppFactory(App, new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "5" });
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++) statuses.Add((await client.GetAsync("/api/spaces")).StatusCode);
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}
