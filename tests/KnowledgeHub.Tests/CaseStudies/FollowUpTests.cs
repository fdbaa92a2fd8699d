using System.Net;
using KnowledgeHub.Features.CaseStudies;
using KnowledgeHub.Features.Members;
using KnowledgeHub.Tests.Infrastructure;

namespace KnowledgeHub.Tests.CaseStudies;

/// <summary>"We tried this too": a follow-up from another country, reviewed like any case study, then linked both ways.</summary>
public sealed class FollowUpTests(AppFixture app) : AppTest(app)
{
    private static readonly Guid Nepal = CaseStudyHelpers.Imported("nepal-value-proposition-survey");

    [Fact]
    public async Task A_follow_up_from_another_country_links_to_the_original_and_back_once_published()
    {
        var member = await Members.SignedInAsync(await App.InCountryAsync(await Members.AddAsync("Nodira Tsend"), "MN"));
        var moderator = await Members.SignedInAsync(await Members.AddAsync("Moderator Mina", roles: [Role.Moderator]));

        var original = await Client().GetAsync($"/case-studies/{Nepal}");
        Assert.Contains("Sign in to add a follow-up from your country.", original.Text);
        Assert.NotNull((await member.GetAsync($"/case-studies/{Nepal}")).Document.QuerySelector($"a[href='/case-studies/write?follows={Nepal}']"));

        // The form starts from the original's sectors and themes and says what it follows.
        var form = await member.GetAsync($"/case-studies/write?follows={Nepal}");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("Asking members why they belong", form.Text);
        Assert.Equal("value-proposition, member-survey, network-strengthening", form.ValueOf("Input.Themes"));

        // It must tell about another country than the original's.
        var fields = CaseStudyHelpers.ValidFields("Member benefits survey on the steppe", country: "NP");
        var sameCountry = await member.WriteAsync(fields, $"/case-studies/write?follows={Nepal}");
        Assert.Equal(HttpStatusCode.OK, sameCountry.Status);
        Assert.Equal("A follow-up tells how it went in another country: choose the country where you tried it.", sameCountry.ErrorFor("Input.Country"));
        var draftUrl = sameCountry.Document.QuerySelector("form.case-study-form")!.GetAttribute("action")!;
        Assert.StartsWith("/case-studies/write/", draftUrl);

        fields["Input.Country"] = "MN";
        var id = CaseStudyHelpers.IdFrom(await member.WriteAsync(fields, draftUrl));
        Assert.Equal(Nepal, (await App.LoadAsync(id))!.FollowsId);

        // Not linked while under review.
        Assert.DoesNotContain("Member benefits survey on the steppe", (await Client().GetAsync($"/case-studies/{Nepal}")).Text);

        Assert.Equal(HttpStatusCode.Redirect, (await moderator.ReviewAsync(id, "Approved")).Status);
        var back = await Client().GetAsync($"/case-studies/{Nepal}");
        Assert.NotNull(back.Document.QuerySelector($"a[href='/case-studies/{id}']"));
        var forward = await Client().GetAsync($"/case-studies/{id}");
        Assert.NotNull(forward.Document.QuerySelector($"a[href='/case-studies/{Nepal}']"));
        Assert.Contains("We tried this too", forward.Text);
    }

    [Fact]
    public async Task Members_from_the_original_country_are_sent_to_the_discussion_instead()
    {
        var nepali = await Members.SignedInAsync(await App.InCountryAsync(await Members.AddAsync("Sita Sharma"), "NP"));
        var page = await nepali.GetAsync($"/case-studies/{Nepal}");
        Assert.Null(page.Document.QuerySelector($"a[href='/case-studies/write?follows={Nepal}']"));
        Assert.Contains("Follow-ups come from members in other countries", page.Text);

        var direct = await nepali.GetAsync($"/case-studies/write?follows={Nepal}");
        Assert.Equal(HttpStatusCode.Redirect, direct.Status);
        Assert.Equal($"/case-studies/{Nepal}", direct.Location);
        Assert.Equal(HttpStatusCode.NotFound, (await nepali.GetAsync($"/case-studies/write?follows={Guid.NewGuid()}")).Status);
    }

    [Fact]
    public async Task Imported_follow_ups_link_both_ways_too()
    {
        var pakistan = CaseStudyHelpers.Imported("pakistan-value-proposition-in-urdu");
        Assert.NotNull((await Client().GetAsync($"/case-studies/{Nepal}")).Document.QuerySelector($"a[href='/case-studies/{pakistan}']"));
        Assert.NotNull((await Client().GetAsync($"/case-studies/{pakistan}")).Document.QuerySelector($"a[href='/case-studies/{Nepal}']"));
    }
}
