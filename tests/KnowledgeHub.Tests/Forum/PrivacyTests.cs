using System.Net;
using KnowledgeHub.Features.Notifications;
using KnowledgeHub.Tests.Infrastructure;
using Marten;

namespace KnowledgeHub.Tests.Forum;

/// <summary>A private space's threads must not leak: pages, fragments, permalinks, revisions, drafts, notifications.</summary>
public sealed class PrivacyTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task An_outsider_gets_404_for_every_way_into_a_private_thread()
    {
        var insider = await Members.AddAsync("Insider");
        await App.AddToSpaceAsync("network-secretariat", insider);
        var insiderClient = await Members.SignedInAsync(insider);
        var id = await insiderClient.StartThreadAsync("network-secretariat", "Budget for next year", "Confidential figures.");
        var post = (await App.PostsAsync(id))[0];

        var outsider = await Members.SignedInAsync(await Members.AddAsync("Outsider"));
        foreach (var client in new[] { outsider, Client() })
        {
            foreach (var url in new[] { $"/t/{id}", $"/t/{id}/1", $"/t/{id}/unread", $"/t/{id}/posts/1/fragment", $"/posts/{post.Id}/revisions",
                         $"/posts/{post.Id}/edit", "/spaces/network-secretariat", "/spaces/network-secretariat/new" })
            {
                var page = await client.GetAsync(url);
                Assert.True(page.Status is HttpStatusCode.NotFound or HttpStatusCode.Redirect, $"{url}: {page.Status}");
                Assert.DoesNotContain("Budget for next year", page.Text);
            }
            Assert.DoesNotContain("Network secretariat", (await client.GetAsync("/forum")).Text);
        }
        Assert.Equal(HttpStatusCode.OK, (await insiderClient.GetAsync($"/t/{id}")).Status);
    }

    [Fact]
    public async Task Mentioning_an_outsider_in_a_private_thread_sends_them_nothing()
    {
        var insider = await Members.AddAsync("Insider");
        var outsider = await Members.AddAsync("Nima Sherpa");
        var colleague = await Members.AddAsync("Colleague");
        await App.AddToSpaceAsync("network-secretariat", insider);
        await App.AddToSpaceAsync("network-secretariat", colleague);
        var client = await Members.SignedInAsync(insider);
        await client.StartThreadAsync("network-secretariat", "Private planning thread", $"Should we ask @{outsider.Handle} and @{colleague.Handle}?");

        await using var session = App.Store.QuerySession();
        Assert.Empty(await session.Query<Notification>().Where(n => n.MemberId == outsider.Id).ToListAsync());
        Assert.Single(await session.Query<Notification>().Where(n => n.MemberId == colleague.Id && n.Kind == NotificationKind.Mention).ToListAsync());
    }

    [Fact]
    public async Task Members_only_spaces_are_closed_to_visitors_and_open_to_members()
    {
        var member = await Members.SignedInAsync(await Members.AddAsync());
        var id = await member.StartThreadAsync("collaborative-projects", "Joint advocacy plan", "Tasks and leads.");
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/t/{id}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await (await Members.SignedInAsync(await Members.AddAsync("Another"))).GetAsync($"/t/{id}")).Status);
    }

    [Fact]
    public async Task A_thread_moved_into_a_private_space_disappears_for_outsiders()
    {
        var author = await Members.SignedInAsync(await Members.AddAsync("Author"));
        var id = await author.StartThreadAsync("peer-learning", "Turns out to be sensitive", "Details.");
        var admin = await Members.SignedInAsync(await Members.AddAsync("Admin", roles: KnowledgeHub.Features.Members.Role.Administrator));
        await admin.SubmitAsync($"/t/{id}", new Dictionary<string, string> { ["spaceId"] = "spaces/network-secretariat" }, "form[action$='handler=Move']");
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/t/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await author.GetAsync($"/t/{id}")).Status);
    }
}
