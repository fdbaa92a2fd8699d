using System.Net;
using KnowledgeHub.Features.CaseStudies;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Search;
using KnowledgeHub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Tests.CaseStudies;

/// <summary>Drafts belong to their author; submissions to their author and the moderators; neither is found by anyone else, anywhere.</summary>
public sealed class PrivacyTests(AppFixture app) : AppTest(app)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SearchChanges.RequestRebuildAsync(App.Store, default);
        await App.Factory.Services.GetRequiredService<SearchIndex>().WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_draft_is_seen_only_by_its_author_and_a_submission_only_by_its_author_and_moderators()
    {
        var author = await Members.SignedInAsync(await Members.AddAsync("Rokeya Begum"));
        var other = await Members.SignedInAsync(await Members.AddAsync("Curious Member"));
        var moderator = await Members.SignedInAsync(await Members.AddAsync("Moderator Mina", roles: [Role.Moderator]));
        var fields = CaseStudyHelpers.ValidFields("Marimba lullabies in district clinics");
        fields["Input.Challenge"] = "Waiting rooms were loud; we tried marimba lullabies.";

        var draft = await author.WriteAsync(fields, draft: true);
        var id = CaseStudyHelpers.IdFrom(draft);
        Assert.Equal(CaseStudyStatus.Draft, (await App.LoadAsync(id))!.Status);
        Assert.Contains("Only you can see this draft.", (await author.GetAsync($"/case-studies/{id}")).Text);
        foreach (var outsider in new[] { other, moderator, Client() })
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/case-studies/{id}")).Status);
        Assert.Contains("Marimba lullabies", (await author.GetAsync("/case-studies/mine")).Text);
        Assert.DoesNotContain("Marimba lullabies", (await other.GetAsync("/case-studies/mine")).Text);

        CaseStudyHelpers.IdFrom(await author.WriteAsync(new Dictionary<string, string>(), $"/case-studies/write/{id}"));
        Assert.Equal(CaseStudyStatus.UnderReview, (await App.LoadAsync(id))!.Status);
        Assert.Equal(HttpStatusCode.OK, (await moderator.GetAsync($"/case-studies/{id}")).Status);
        foreach (var outsider in new[] { other, Client() })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/case-studies/{id}")).Status);
            Assert.DoesNotContain("Marimba lullabies", (await outsider.GetAsync("/case-studies")).Text);
        }

        // Others can neither edit it nor act on it, and the review queue is for moderators only.
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/case-studies/write/{id}")).Status);
        var token = (await other.GetAsync("/case-studies/write")).Document.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/case-studies/write/{id}", [new("__RequestVerificationToken", token), new("Input.Title", "Taken over")])).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/case-studies/{id}?handler=Review",
            [new("__RequestVerificationToken", token), new("action", "Comment"), new("Note", "hello"), new("Version", Guid.Empty.ToString())])).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/case-studies/review")).Status);
        Assert.Equal("Marimba lullabies in district clinics", (await App.LoadAsync(id))!.Title);

        // Search never holds drafts or submissions: not for outsiders, the author or moderators.
        await App.SearchCaughtUpAsync();
        foreach (var client in new[] { Client(), other, author, moderator })
            Assert.Equal(0, await client.SearchTotalAsync("q=marimba"));
    }

    [Fact]
    public async Task Writing_needs_a_signed_in_member_and_unknown_ids_are_not_found()
    {
        var visitor = Client();
        var write = await visitor.GetAsync("/case-studies/write");
        Assert.Equal(HttpStatusCode.Redirect, write.Status);
        Assert.Contains("/account/sign-in", write.Location);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/case-studies/{Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/case-studies/not-an-id")).Status);
        var member = await Members.SignedInAsync(await Members.AddAsync("Rokeya Begum"));
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/case-studies/write/{Guid.NewGuid()}")).Status);
    }
}
