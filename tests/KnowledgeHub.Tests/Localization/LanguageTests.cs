using System.Xml.Linq;
using KnowledgeHub.Tests.Infrastructure;

namespace KnowledgeHub.Tests.Localization;

public sealed class LanguageTests(AppFixture app) : AppTest(app)
{
    [Theory]
    [InlineData("bn", "ltr")]
    [InlineData("ur", "rtl")]
    public async Task Core_pages_render_in_Bangla_and_Urdu_with_lang_and_dir(string culture, string dir)
    {
        var signInWord = Read(Path.Combine(Resources, $"SharedResource.{culture}.resx"))["Sign in"];
        foreach (var url in new[] { "/", "/account/sign-in", "/account/sign-up" })
        {
            var page = await Client().GetAsync(url, acceptLanguage: culture);
            var html = page.Document.DocumentElement;
            Assert.Equal(culture, html.GetAttribute("lang"));
            Assert.Equal(dir, html.GetAttribute("dir"));
        }
        var signIn = await Client().GetAsync("/account/sign-in", acceptLanguage: culture);
        Assert.Contains(signInWord, signIn.Document.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task The_switcher_sets_a_cookie_that_wins_over_the_browser_language()
    {
        var client = Client();
        var switched = await client.SubmitAsync("/", new Dictionary<string, string> { ["culture"] = "ur" }, ".language-switcher");
        Assert.Equal("/", switched.Location);
        var page = await client.GetAsync("/account/sign-in", acceptLanguage: "bn");
        Assert.Equal("ur", page.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("rtl", page.Document.DocumentElement.GetAttribute("dir"));
    }

    [Fact]
    public async Task A_members_own_language_wins_over_cookie_and_browser()
    {
        var member = await Members.AddAsync();
        var client = await Members.SignedInAsync(member);
        await client.SubmitAsync("/", new Dictionary<string, string> { ["culture"] = "bn" }, ".language-switcher");
        Assert.Equal("bn", (await Members.LoadAsync(member.Id))!.PreferredCulture);

        // A fresh device with an Urdu cookie and an English browser still gets the member's Bangla once signed in.
        var device = await Members.SignedInAsync(member);
        device.Http.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dur%7Cuic%3Dur");
        var page = await device.GetAsync("/members/me", acceptLanguage: "en");
        Assert.Equal("bn", page.Document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Unknown_languages_fall_back_to_English()
    {
        var page = await Client().GetAsync("/", acceptLanguage: "xx-YY");
        Assert.Equal("en", page.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("ltr", page.Document.DocumentElement.GetAttribute("dir"));
    }

    // The pages Bangla and Urdu must cover completely: layout, sign-in, sign-up, profile (and their messages).
    private static readonly string[] CorePages =
    [
        "Features/Shared/_Layout.cshtml", "Features/Account/SignIn.cshtml", "Features/Account/SignIn.cshtml.cs",
        "Features/Account/SignUp.cshtml", "Features/Account/SignUp.cshtml.cs", "Features/Account/CheckEmail.cshtml",
        "Features/Members/Profile.cshtml", "Features/Members/Edit.cshtml", "Features/Members/Edit.cshtml.cs",
        "Features/Members/_ProfileFields.cshtml", "Features/Members/ProfileInput.cs",
        "Features/Account/PasswordPolicy.cs", "Features/Account/EmailRules.cs",
    ];

    private static string Resources => Path.Combine(RepositoryRoot(), "src", "KnowledgeHub", "Resources");

    [Fact]
    public void Every_interface_text_is_in_the_English_resources()
    {
        var english = Read(Path.Combine(Resources, "SharedResource.resx"));
        var used = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", "KnowledgeHub", "Features"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml") || f.EndsWith(".cs")).SelectMany(KeysIn).Distinct();
        var missing = used.Where(k => !english.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Run scripts/i18n.py to add: " + string.Join(" | ", missing));
    }

    [Fact]
    public void Bangla_and_Urdu_cover_the_core_pages_and_keep_placeholders()
    {
        var english = Read(Path.Combine(Resources, "SharedResource.resx"));
        var core = CorePages.SelectMany(p => KeysIn(Path.Combine(RepositoryRoot(), "src", "KnowledgeHub", p)))
            .Concat(english.Keys.Where(k => k.StartsWith("Sector.") || k.StartsWith("Level.") || k.StartsWith("Role.")))
            .Distinct().ToList();
        Assert.True(core.Count > 60, $"{core.Count} core texts");
        foreach (var culture in new[] { "bn", "ur" })
        {
            var translated = Read(Path.Combine(Resources, $"SharedResource.{culture}.resx"));
            var untranslated = core.Where(k => string.IsNullOrWhiteSpace(translated.GetValueOrDefault(k))).ToList();
            Assert.True(untranslated.Count == 0, $"{culture} lacks: " + string.Join(" | ", untranslated));
            foreach (var (key, value) in english.Where(e => translated.ContainsKey(e.Key)))
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(value, @"\{\d\}"))
                    Assert.True(translated[key].Contains(m.Value), $"{culture}: '{key}' lost {m.Value}");
        }
    }

    private static IEnumerable<string> KeysIn(string path)
    {
        var text = File.ReadAllText(path);
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, "L\\[\\s*\"((?:[^\"\\\\]|\\\\.)*)\""))
            yield return m.Groups[1].Value.Replace("\\\"", "\"");
        if (path.EndsWith("PasswordPolicy.cs") || path.EndsWith("EmailRules.cs"))
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, "return\\s+\"((?:[^\"\\\\]|\\\\.)*)\""))
                yield return m.Groups[1].Value;
    }

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KnowledgeHub.sln"))) return dir.FullName;
        throw new InvalidOperationException("Repository root not found");
    }
}
