using System.Net;
using KnowledgeHub.Features.CaseStudies;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Infrastructure.Search;
using KnowledgeHub.Tests.Forum;
using KnowledgeHub.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeHub.Tests.CaseStudies;

/// <summary>The whole life of a submitted case study, through the pages: write, review, change, approve, and where it then appears.</summary>
public sealed class ReviewFlowTests(AppFixture app) : AppTest(app)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The reset removes documents behind Marten's back (no change rows), so start from a rebuilt index.
        await SearchChanges.RequestRebuildAsync(App.Store, default);
        await App.Factory.Services.GetRequiredService<SearchIndex>().WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Submission_goes_through_review_and_once_approved_is_in_the_library_search_and_forum()
    {
        var authorMember = await App.InCountryAsync(await Members.AddAsync("Rokeya Begum"), "BD");
        var author = await Members.SignedInAsync(authorMember);
        var moderator = await Members.SignedInAsync(await Members.AddAsync("Moderator Mina", roles: [Role.Moderator]));
        var visitor = Client();

        var fields = CaseStudyHelpers.ValidFields("Story circles for fathers in tea gardens");
        fields["Input.WhatWasDone"] = "Evening story circles with **xylophone** songs, led by volunteer fathers.";
        var id = CaseStudyHelpers.IdFrom(await author.WriteAsync(fields, extra: [new("Input.Sectors", "early-stimulation")]));
        Assert.Equal(CaseStudyStatus.UnderReview, (await App.LoadAsync(id))!.Status);

        // Under review: the author and moderators see it, nobody else does, and it is nowhere public yet.
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/case-studies/{id}")).Status);
        Assert.DoesNotContain("Story circles for fathers", (await visitor.GetAsync("/case-studies")).Text);
        var queue = await moderator.GetAsync("/case-studies/review");
        Assert.Contains("Story circles for fathers in tea gardens", queue.Text);
        Assert.NotNull(queue.Document.QuerySelector($"a[href='/case-studies/{id}']"));
        await App.SearchCaughtUpAsync();
        Assert.Equal(0, await moderator.SearchTotalAsync("q=xylophone"));

        // A request for changes needs a reason; with one, it goes back to the author, who sees it and resubmits.
        var noReason = await moderator.ReviewAsync(id, "ChangesRequested");
        Assert.Equal(HttpStatusCode.OK, noReason.Status);
        Assert.Equal("Say what should change, so the author knows what to do.", noReason.ErrorFor("Note"));
        Assert.Equal(CaseStudyStatus.UnderReview, (await App.LoadAsync(id))!.Status);
        var sentBack = await moderator.ReviewAsync(id, "ChangesRequested", "Please say how many volunteers led the circles.");
        Assert.Equal(HttpStatusCode.Redirect, sentBack.Status);
        Assert.Equal(CaseStudyStatus.ChangesRequested, (await App.LoadAsync(id))!.Status);
        var edit = await author.GetAsync($"/case-studies/write/{id}");
        Assert.Contains("Please say how many volunteers led the circles.", edit.Text);
        Assert.Equal("Story circles for fathers in tea gardens", edit.ValueOf("Input.Title"));
        var resubmit = await author.WriteAsync(new Dictionary<string, string>
        {
            ["Input.Figures[1].Value"] = "6", ["Input.Figures[1].Label"] = "volunteer fathers who led the circles",
        }, $"/case-studies/write/{id}");
        Assert.Equal($"/case-studies/{id}", resubmit.Location);
        var study = await App.LoadAsync(id);
        Assert.Equal(CaseStudyStatus.UnderReview, study!.Status);
        Assert.Equal(["48", "6"], study.Figures.Select(f => f.Value));
        Assert.Equal([ReviewAction.Submitted, ReviewAction.ChangesRequested, ReviewAction.Submitted], study.Reviews.Select(r => r.Action));

        // The author cannot approve their own work; a moderator can.
        Assert.Equal(HttpStatusCode.OK, (await author.ReviewAsync(id, "Approved")).Status);
        Assert.Equal(CaseStudyStatus.UnderReview, (await App.LoadAsync(id))!.Status);
        var approved = await moderator.ReviewAsync(id, "Approved", "Thank you, a clear example.");
        Assert.Equal(HttpStatusCode.Redirect, approved.Status);
        study = await App.LoadAsync(id);
        Assert.Equal(CaseStudyStatus.Published, study!.Status);

        // Its discussion thread is in the forum, opened by the author, linking back to the case study.
        var threadId = Assert.IsType<Guid>(study.ThreadId);
        var opening = (await App.PostsAsync(threadId))[0];
        Assert.Equal(authorMember.Id, opening.AuthorId);
        Assert.Contains($"href=\"/case-studies/{id}\"", opening.Html);
        var thread = await visitor.GetAsync($"/t/{threadId}");
        Assert.Equal(HttpStatusCode.OK, thread.Status);
        Assert.Contains("Story circles for fathers in tea gardens", thread.Text);

        // The library lists it for everyone, and its filters find it by country, sector and theme.
        var page = await visitor.GetAsync($"/case-studies/{id}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector($"a[href='/t/{threadId}']"));
        Assert.Contains("volunteer fathers who led the circles", page.Text);
        Assert.NotNull((await visitor.GetAsync("/case-studies")).Document.QuerySelector($"a[href='/case-studies/{id}']"));
        Assert.NotNull((await visitor.GetAsync("/case-studies?country=BD&sector=early-stimulation&theme=fathers")).Document.QuerySelector($"a[href='/case-studies/{id}']"));
        Assert.Null((await visitor.GetAsync("/case-studies?country=NP")).Document.QuerySelector($"a[href='/case-studies/{id}']"));
        Assert.Null((await visitor.GetAsync("/case-studies?sector=wash")).Document.QuerySelector($"a[href='/case-studies/{id}']"));
        Assert.Null((await visitor.GetAsync("/case-studies?theme=budgeting")).Document.QuerySelector($"a[href='/case-studies/{id}']"));

        // And search finds it, as a case study, for visitors too.
        await App.SearchCaughtUpAsync();
        var results = await visitor.GetAsync("/search?q=xylophone&type=case-study");
        var hit = Assert.Single(results.Document.QuerySelectorAll(".result"));
        Assert.Equal($"/case-studies/{id}", hit.QuerySelector("a.result-title")?.GetAttribute("href"));
        Assert.Equal(1, await visitor.SearchTotalAsync("q=xylophone&type=case-study&country=BD&tag=fathers"));
        Assert.Equal(0, await visitor.SearchTotalAsync("q=xylophone&type=case-study&space=spaces/peer-learning")); // case studies belong to no space
    }

    [Fact]
    public async Task A_moderator_cannot_approve_their_own_case_study_or_act_on_a_version_they_did_not_see()
    {
        var moderatorMember = await Members.AddAsync("Moderator Mina", roles: [Role.Moderator]);
        var moderator = await Members.SignedInAsync(moderatorMember);
        var other = await Members.SignedInAsync(await Members.AddAsync("Moderator Tashi", roles: [Role.Moderator]));
        var id = CaseStudyHelpers.IdFrom(await moderator.WriteAsync(CaseStudyHelpers.ValidFields()));

        var own = await moderator.ReviewAsync(id, "Approved");
        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.Contains("Another moderator reviews your own case study.", own.Text);
        Assert.Null(own.Document.QuerySelector("button[value='Approved']"));
        Assert.Equal(CaseStudyStatus.UnderReview, (await App.LoadAsync(id))!.Status);

        var stale = await other.ReviewAsync(id, "Approved", version: Guid.NewGuid());
        Assert.Equal(HttpStatusCode.OK, stale.Status);
        Assert.Contains("The case study changed since you opened it.", stale.Text);
        Assert.Equal(CaseStudyStatus.UnderReview, (await App.LoadAsync(id))!.Status);

        Assert.Equal(HttpStatusCode.Redirect, (await other.ReviewAsync(id, "Approved")).Status);
        Assert.Equal(CaseStudyStatus.Published, (await App.LoadAsync(id))!.Status);
    }

    [Fact]
    public async Task Author_and_moderator_talk_in_comments_and_the_author_can_take_a_submission_back()
    {
        var author = await Members.SignedInAsync(await Members.AddAsync("Rokeya Begum"));
        var moderator = await Members.SignedInAsync(await Members.AddAsync("Moderator Mina", roles: [Role.Moderator]));
        var id = CaseStudyHelpers.IdFrom(await author.WriteAsync(CaseStudyHelpers.ValidFields(country: "NP")));

        Assert.Equal(HttpStatusCode.Redirect, (await moderator.ReviewAsync(id, "Comment", "Which district was this?")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await author.ReviewAsync(id, "Comment", "Sylhet, in three tea gardens.")).Status);
        var page = await author.GetAsync($"/case-studies/{id}");
        Assert.Contains("Which district was this?", page.Text);
        Assert.Contains("Sylhet, in three tea gardens.", page.Text);

        var form = page.Document.QuerySelector("form[action*='handler=Withdraw']")!;
        var token = form.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var version = form.QuerySelector("input[name='Version']")!.GetAttribute("value")!;
        var withdrawn = await author.PostAsync($"/case-studies/{id}?handler=Withdraw", [new("__RequestVerificationToken", token), new("Version", version)]);
        Assert.Equal($"/case-studies/write/{id}", withdrawn.Location);
        Assert.Equal(CaseStudyStatus.Draft, (await App.LoadAsync(id))!.Status);
        Assert.DoesNotContain("Story circles", (await moderator.GetAsync("/case-studies/review")).Text);
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.GetAsync($"/case-studies/{id}")).Status); // a draft again: the author's alone
    }

    [Fact]
    public async Task An_imported_case_study_gets_its_discussion_from_the_first_member_who_comments()
    {
        var id = CaseStudyHelpers.Imported("bhutan-shared-purpose-self-assessment");
        var visitorPage = await Client().GetAsync($"/case-studies/{id}");
        Assert.Equal(HttpStatusCode.OK, visitorPage.Status);
        Assert.Contains("Sign in to discuss this case study.", visitorPage.Text);

        var member = await Members.SignedInAsync(await Members.AddAsync("Karma Wangmo"));
        var empty = await member.SubmitAsync($"/case-studies/{id}", new Dictionary<string, string> { ["Body"] = "" }, "form[action*='handler=Discuss']");
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Equal("Write your comment first.", empty.ErrorFor("Body"));

        var started = await member.SubmitAsync($"/case-studies/{id}", new Dictionary<string, string> { ["Body"] = "Did you share the ratings with the ministries?" }, "form[action*='handler=Discuss']");
        Assert.Equal(HttpStatusCode.Redirect, started.Status);
        var threadId = Assert.IsType<Guid>((await App.LoadAsync(id))!.ThreadId);
        Assert.Equal($"/t/{threadId}", started.Location);
        var posts = await App.PostsAsync(threadId);
        Assert.Contains("Did you share the ratings with the ministries?", Assert.Single(posts).Markdown);
        await using var session = App.Store.QuerySession();
        Assert.Equal("spaces/peer-learning", (await session.LoadAsync<ForumThread>(threadId))!.SpaceId);

        var page = await Client().GetAsync($"/case-studies/{id}");
        Assert.NotNull(page.Document.QuerySelector($"a[href='/t/{threadId}']"));
    }

    [Fact]
    public async Task A_moderator_can_unpublish_with_a_reason_which_removes_it_from_library_and_search()
    {
        var author = await Members.SignedInAsync(await Members.AddAsync("Rokeya Begum"));
        var moderator = await Members.SignedInAsync(await Members.AddAsync("Moderator Mina", roles: [Role.Moderator]));
        var fields = CaseStudyHelpers.ValidFields("Lending tambourines to village playgroups");
        fields["Input.Results"] = "Every playgroup now has a tambourine rota.";
        var id = CaseStudyHelpers.IdFrom(await author.WriteAsync(fields));
        Assert.Equal(HttpStatusCode.Redirect, (await moderator.ReviewAsync(id, "Approved")).Status);
        await App.SearchCaughtUpAsync();
        Assert.Equal(1, await Client().SearchTotalAsync("q=tambourine&type=case-study"));
        Assert.Null((await author.GetAsync($"/case-studies/{id}")).Document.QuerySelector("button[value='Unpublished']"));

        var noReason = await moderator.ReviewAsync(id, "Unpublished");
        Assert.Equal("Say what should change, so the author knows what to do.", noReason.ErrorFor("Note"));
        Assert.Equal(CaseStudyStatus.Published, (await App.LoadAsync(id))!.Status);

        Assert.Equal(HttpStatusCode.Redirect, (await moderator.ReviewAsync(id, "Unpublished", "The photo shows a child's face; please remove it.")).Status);
        Assert.Equal(CaseStudyStatus.ChangesRequested, (await App.LoadAsync(id))!.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/case-studies/{id}")).Status);
        Assert.Null((await Client().GetAsync("/case-studies")).Document.QuerySelector($"a[href='/case-studies/{id}']"));
        await App.SearchCaughtUpAsync();
        Assert.Equal(0, await Client().SearchTotalAsync("q=tambourine&type=case-study"));
        Assert.Contains("The photo shows a child's face; please remove it.", (await author.GetAsync($"/case-studies/write/{id}")).Text);
    }
}
