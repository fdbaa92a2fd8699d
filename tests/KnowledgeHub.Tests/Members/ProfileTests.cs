using System.Net;
using KnowledgeHub.Tests.Infrastructure;

namespace KnowledgeHub.Tests.Members;

public sealed class ProfileTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_stale_profile_form_reports_a_conflict_and_keeps_what_was_typed()
    {
        var member = await Members.AddAsync();
        var tabOne = await Members.SignedInAsync(member);
        var staleForm = await tabOne.GetAsync("/members/me/edit");
        var staleVersion = staleForm.ValueOf("Input.Version")!;

        Assert.Equal("/members/me", (await tabOne.SubmitAsync("/members/me/edit", new Dictionary<string, string> { ["Input.Bio"] = "First tab's bio" })).Location);

        var conflict = await tabOne.SubmitAsync("/members/me/edit", new Dictionary<string, string> { ["Input.Bio"] = "Second tab's bio", ["Input.Version"] = staleVersion });
        Assert.Equal(HttpStatusCode.OK, conflict.Status);
        Assert.Contains("changed somewhere else", conflict.Text);
        Assert.Equal("Second tab's bio", conflict.ValueOf("Input.Bio"));
        Assert.Equal("First tab's bio", (await Members.LoadAsync(member.Id))!.Bio);

        // Saving again from the redisplayed form (now at the current version) succeeds.
        var retry = await tabOne.PostAsync("/members/me/edit", FormValues(conflict));
        Assert.Equal(HttpStatusCode.Redirect, retry.Status);
        Assert.Equal("Second tab's bio", (await Members.LoadAsync(member.Id))!.Bio);
    }

    [Fact]
    public async Task Profile_edit_rejects_bad_input_beside_the_field()
    {
        var client = await Members.SignedInAsync(await Members.AddAsync());
        var page = await client.SubmitAsync("/members/me/edit", new Dictionary<string, string> { ["Input.Name"] = "", ["Input.Bio"] = "ok\u0007bell" });
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("required", page.ErrorFor("Input.Name"));
        Assert.Contains("invalid characters", page.ErrorFor("Input.Bio"));
    }

    [Fact]
    public async Task Profiles_of_unconfirmed_or_unknown_members_are_not_found()
    {
        var unconfirmed = await Members.AddAsync(confirmed: false);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/members/{unconfirmed.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/members/{Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync("/members/not-a-guid")).Status);
        var confirmed = await Members.AddAsync("Public Person");
        Assert.Contains("Public Person", (await Client().GetAsync($"/members/{confirmed.Id}")).Text);
        Assert.DoesNotContain(confirmed.Email, (await Client().GetAsync($"/members/{confirmed.Id}")).Text); // email is private
    }

    private static IEnumerable<KeyValuePair<string, string>> FormValues(Page page)
    {
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.Document.QuerySelector("main form")!;
        foreach (var e in form.Elements)
        {
            switch (e)
            {
                case AngleSharp.Html.Dom.IHtmlInputElement { Type: "checkbox" } box when box.IsChecked: yield return new(box.Name!, box.Value); break;
                case AngleSharp.Html.Dom.IHtmlInputElement { Type: not "checkbox" and not "submit" } i when i.Name is { Length: > 0 }: yield return new(i.Name, i.Value); break;
                case AngleSharp.Html.Dom.IHtmlTextAreaElement t: yield return new(t.Name!, t.Value); break;
                case AngleSharp.Html.Dom.IHtmlSelectElement s: yield return new(s.Name!, s.Value ?? ""); break;
            }
        }
    }
}
