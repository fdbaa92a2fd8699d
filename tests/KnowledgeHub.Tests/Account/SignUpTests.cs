using System.Net;
using KnowledgeHub.Tests.Infrastructure;

namespace KnowledgeHub.Tests.Account;

public sealed class SignUpTests(AppFixture app) : AppTest(app)
{
    public static Dictionary<string, string> Form(string email, string password = "twelve monkeys dancing", string name = "Karma Wangchuk") => new()
    {
        ["Input.Email"] = email, ["Input.Password"] = password, ["Input.ConfirmPassword"] = password,
        ["Input.Name"] = name, ["Input.Organisation"] = "Bhutan ECCD Network", ["Input.Sector"] = "Government",
        ["Input.Country"] = "BT", ["Input.Level"] = "National", ["Input.Languages"] = "dz",
        ["Input.Expertise"] = "Early learning, Parenting support", ["Input.Bio"] = "I coordinate ECCD centres in two districts.",
    };

    [Fact]
    public async Task Sign_up_confirm_by_emailed_link_sign_in_edit_profile_and_sign_out()
    {
        var client = Client();
        var signedUp = await client.SubmitAsync("/account/sign-up", Form("karma@example.bt"));
        Assert.Equal(HttpStatusCode.Redirect, signedUp.Status);
        Assert.StartsWith("/account/check-email", signedUp.Location);

        // Not confirmed yet: sign-in is refused with a way to get a new link.
        var early = await client.SubmitAsync("/account/sign-in", new Dictionary<string, string> { ["Email"] = "karma@example.bt", ["Password"] = "twelve monkeys dancing" });
        Assert.Contains("Confirm your email address first", early.Text);

        var confirmed = await client.GetAsync(Mail.LinkFor("karma@example.bt", "confirm-email"));
        Assert.Contains("Your email address is confirmed", confirmed.Text);

        var signedIn = await client.SubmitAsync("/account/sign-in", new Dictionary<string, string> { ["Email"] = "KARMA@example.bt", ["Password"] = "twelve monkeys dancing" });
        Assert.True(signedIn.Location == "/", signedIn.Status + ": " + signedIn.Document.QuerySelector("main")?.TextContent);

        var profile = await client.GetAsync("/members/me");
        Assert.Equal(HttpStatusCode.OK, profile.Status);
        Assert.Contains("Karma Wangchuk", profile.Text);
        Assert.Contains("Bhutan ECCD Network", profile.Text);
        Assert.Contains("early learning", profile.Text);

        var saved = await client.SubmitAsync("/members/me/edit", new Dictionary<string, string> { ["Input.Name"] = "Karma D. Wangchuk", ["Input.Bio"] = "Now also a mentor for new centre leads." });
        Assert.Equal("/members/me", saved.Location);
        var edited = await client.GetAsync("/members/me");
        Assert.Contains("Karma D. Wangchuk", edited.Text);
        Assert.Contains("Now also a mentor", edited.Text);
        Assert.Contains("Karma D. Wangchuk", edited.Document.QuerySelector("header")!.TextContent + edited.Text);

        var signedOut = await client.SubmitAsync("/", new Dictionary<string, string>(), "form[action='/account/sign-out']");
        Assert.Equal("/", signedOut.Location);
        var after = await client.GetAsync("/members/me");
        Assert.Equal(HttpStatusCode.Redirect, after.Status);
        Assert.Contains("/account/sign-in", after.Location);
    }

    [Fact]
    public async Task The_confirmation_link_works_once_and_a_tampered_link_does_not()
    {
        var client = Client();
        await client.SubmitAsync("/account/sign-up", Form("dorji@example.bt"));
        var link = Mail.LinkFor("dorji@example.bt", "confirm-email");
        var tampered = await client.GetAsync(link[..^3] + "AAA");
        Assert.Contains("This link does not work", tampered.Text);
        Assert.Contains("Your email address is confirmed", (await client.GetAsync(link)).Text);
        Assert.Contains("Your email address is confirmed", (await client.GetAsync(link)).Text); // a second click is fine
    }

    [Fact]
    public async Task Asking_for_a_new_confirmation_link_replaces_the_old_one()
    {
        var client = Client();
        await client.SubmitAsync("/account/sign-up", Form("pema@example.bt"));
        var first = Mail.LinkFor("pema@example.bt", "confirm-email");
        var asked = await client.SubmitAsync("/account/resend-confirmation", new Dictionary<string, string> { ["Email"] = "pema@example.bt" });
        Assert.Contains("a new link is on its way", asked.Text);
        var second = Mail.LinkFor("pema@example.bt", "confirm-email");
        Assert.NotEqual(first, second);
        Assert.Contains("This link does not work", (await client.GetAsync(first)).Text);
        Assert.Contains("Your email address is confirmed", (await client.GetAsync(second)).Text);
        await client.SubmitAsync("/account/resend-confirmation", new Dictionary<string, string> { ["Email"] = "pema@example.bt" });
        Assert.Equal(2, Mail.For("pema@example.bt").Count); // a confirmed address gets no more links
    }

    [Fact]
    public async Task Existing_email_gets_a_message_beside_the_field_and_the_form_is_kept()
    {
        var existing = await Members.AddAsync(email: "taken@example.org");
        var page = await Client().SubmitAsync("/account/sign-up", Form("Taken@Example.org"));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("already exists", page.ErrorFor("Input.Email"));
        Assert.Equal("Karma Wangchuk", page.ValueOf("Input.Name"));
        Assert.Equal("Bhutan ECCD Network", page.ValueOf("Input.Organisation"));
        Assert.Equal("I coordinate ECCD centres in two districts.", page.ValueOf("Input.Bio"));
        Assert.Equal("", page.ValueOf("Input.Password")); // passwords are never echoed
        Assert.NotNull(existing);
    }

    [Theory]
    [InlineData("short", "at least 10")]
    [InlineData("1234567890", "too easy to guess")]
    [InlineData("aaaaaaaaaaaa", "too easy to guess")]
    [InlineData("karmawangchuk2024", "your name or email")]
    public async Task Weak_password_gets_a_message_and_the_rest_of_the_form_is_kept(string password, string message)
    {
        var page = await Client().SubmitAsync("/account/sign-up", Form("weak@example.org", password, name: "KarmaWangchuk"));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, page.ErrorFor("Input.Password"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("weak@example.org", page.ValueOf("Input.Email"));
        Assert.Equal("Bhutan ECCD Network", page.ValueOf("Input.Organisation"));
    }

    public static TheoryData<string, string, string> BadFields => new()
    {
        { "Input.Name", new string('x', 5000), "under 100 characters" },
        { "Input.Name", "Karma\0Wangchuk", "invalid characters" },
        { "Input.Name", "Karma\u202EkcuhgnaW", "invalid characters" },
        { "Input.Bio", "A noncharacter \uFFFF here", "invalid characters" },
        { "Input.Bio", new string('b', 2001), "under 2000 characters" },
        { "Input.Organisation", "", "required" },
        { "Input.Email", "not-an-address", "like name@example.org" },
        { "Input.Email", new string('e', 300) + "@example.org", "too long" },
        { "Input.Country", "XX", "country from the list" },
        { "Input.Sector", "Mafia", "Choose a sector" },
        { "Input.Expertise", string.Join(",", Enumerable.Range(1, 12).Select(i => $"topic {i}")), "at most 10" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Bad_input_gets_a_clear_message_beside_the_field_never_a_500(string field, string value, string message)
    {
        var form = Form("bad-input@example.org");
        form[field] = value;
        var page = await Client().SubmitAsync("/account/sign-up", form);
        Assert.True(page.Status == HttpStatusCode.OK, $"{page.Status}: {page.Text[..Math.Min(1500, page.Text.Length)]}");
        Assert.Contains(message, page.ErrorFor(field), StringComparison.OrdinalIgnoreCase);
        if (field != "Input.Bio") Assert.Equal("I coordinate ECCD centres in two districts.", page.ValueOf("Input.Bio"));
        Assert.Empty(Mail.For("bad-input@example.org"));
    }

    [Fact]
    public async Task Two_members_of_one_organisation_share_it()
    {
        var first = Client();
        await first.SubmitAsync("/account/sign-up", Form("one@example.bt"));
        var form = Form("two@example.bt", name: "Pema Lhamo");
        form["Input.Organisation"] = "  bhutan eccd   network ";
        await Client().SubmitAsync("/account/sign-up", form);
        var list = await Client().GetAsync("/organisations");
        Assert.Single(list.Document.QuerySelectorAll(".cards .card"));
    }
}
