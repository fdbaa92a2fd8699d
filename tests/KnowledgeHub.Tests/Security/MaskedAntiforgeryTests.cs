using System.Net;
using KnowledgeHub.Infrastructure.Security;
using KnowledgeHub.Tests.Forum;
using KnowledgeHub.Tests.Infrastructure;

namespace KnowledgeHub.Tests.Security;

/// <summary>Request tokens are issued once per browser and identity, and every response carries them under a fresh mask.</summary>
public sealed class MaskedAntiforgeryTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public void A_mask_hides_the_token_differently_each_time_and_comes_off_exactly()
    {
        const string token = "CfDJ8C6XWbUbNr1AouiYwkXS5RzGHdFWnQgFkgvct7QF0hLB-4gD1CPO4OjNgyXFEguDn19us0sGShdCDxIAdd020xQPFjl3Z2suBQm06cIg";
        var (one, two) = (MaskedAntiforgery.Mask(token), MaskedAntiforgery.Mask(token));
        Assert.NotEqual(one, two);
        Assert.DoesNotContain(token[..20], one);
        Assert.Equal(token, MaskedAntiforgery.Unmask(one));
        Assert.Equal(token, MaskedAntiforgery.Unmask(two));
        Assert.Null(MaskedAntiforgery.Unmask(token)); // not a mask: validated as it came
        Assert.Null(MaskedAntiforgery.Unmask("m.***"));
        Assert.Null(MaskedAntiforgery.Unmask("m.AAAA")); // three bytes: no pad and token of one length
        Assert.Null(MaskedAntiforgery.Unmask(null));
    }

    [Fact]
    public async Task Each_page_carries_its_own_mask_of_one_token_and_only_the_real_token_of_this_browser_and_member_is_accepted()
    {
        var asha = await Members.SignedInAsync(await Members.AddAsync("Asha Masked"));
        var rafiq = await Members.SignedInAsync(await Members.AddAsync("Rafiq Masked"));
        var id = await asha.StartThreadAsync("peer-learning", "Masks on every page", "The opening post.");
        var first = await asha.GetAsync($"/t/{id}");
        var second = await asha.GetAsync($"/t/{id}");
        string[] Tokens(Page page) => page.Document.QuerySelectorAll("input[name='__RequestVerificationToken']").Select(i => i.GetAttribute("value")!).Distinct().ToArray();
        var (a, b) = (Assert.Single(Tokens(first)), Assert.Single(Tokens(second))); // one token per page, on every form
        Assert.NotEqual(a, b);
        Assert.StartsWith("m.", a);
        Assert.Equal(MaskedAntiforgery.Unmask(a), MaskedAntiforgery.Unmask(b));
        Assert.True(second.Response.Headers.CacheControl is { NoCache: true, NoStore: true }); // never kept by a cache, as the framework does

        async Task<HttpStatusCode> ReactAsync(TestClient client, string token, string reaction) =>
            (await client.PostAsync($"/t/{id}?handler=React", [new("react", $"1:{reaction}"), new("__RequestVerificationToken", token)])).Status;
        Assert.Equal(HttpStatusCode.Redirect, await ReactAsync(asha, a, "like")); // an older page's mask still works
        Assert.Equal(HttpStatusCode.Redirect, await ReactAsync(asha, MaskedAntiforgery.Unmask(b)!, "thanks")); // and so does the token itself
        var tampered = "m." + (b[2] == 'A' ? 'B' : 'A') + b[3..];
        Assert.Equal(HttpStatusCode.BadRequest, await ReactAsync(asha, tampered, "agree"));
        Assert.Equal(HttpStatusCode.BadRequest, await ReactAsync(rafiq, a, "agree")); // another member's token, with their own cookies
        Assert.Equal(HttpStatusCode.BadRequest, await ReactAsync(Client(), a, "agree")); // no cookies at all
        var reactions = (await App.PostsAsync(id))[0].Reactions;
        Assert.Equal(["like", "thanks"], reactions.Keys.Order());

        // Scripts send the page's token in a header (draft autosave): the mask comes off there too.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/drafts")
        {
            Content = new FormUrlEncodedContent([new("key", $"reply:{id}"), new("body", "Half a thought")]),
        };
        request.Headers.Add("RequestVerificationToken", Assert.Single(Tokens(await asha.GetAsync($"/t/{id}"))));
        Assert.Equal(HttpStatusCode.NoContent, (await asha.Http.SendAsync(request)).StatusCode);
        Assert.Equal("Half a thought", (await asha.GetAsync($"/t/{id}")).ValueOf("Body"));
    }
}
