using KnowledgeHub.Features.Content;
using KnowledgeHub.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Tests.Content;

public sealed class ContentImportTests(AppFixture app) : AppTest(app)
{
    private readonly string folder = Directory.CreateTempSubdirectory("kh-content-").FullName;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CleanContentAsync();
    }

    public override async Task DisposeAsync()
    {
        await CleanContentAsync();
        await App.Factory.Services.GetRequiredService<ContentImport>().ImportAsync(); // leave the repository's content in place
        Directory.Delete(folder, recursive: true);
    }

    private async Task CleanContentAsync()
    {
        foreach (var type in new[] { typeof(ContentPage), typeof(GlossaryTerm), typeof(ContentSource) })
            await App.Store.Advanced.Clean.DeleteDocumentsByTypeAsync(type);
    }

    private ContentImport Importer() => new(App.Store, App.Factory.Services.GetServices<IContentImporter>(),
        Options.Create(new ContentOptions { Path = folder }), App.Factory.Services.GetRequiredService<IHostEnvironment>(), NullLogger<ContentImport>.Instance);

    private void Write(string path, string text)
    {
        var full = Path.Combine(folder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private static string Term(string slug, string title) =>
        $"---\ntitle: {title}\nslug: {slug}\nlanguage: en\naliases: []\nrelated: []\nsummary: A short definition of {title}.\n---\n\nSome **words** about {title}.\n";

    [Fact]
    public async Task Importing_twice_changes_nothing_the_second_time()
    {
        Write("glossary/peer-learning.md", Term("peer-learning", "Peer learning"));
        Write("pages/about.md", "---\ntitle: About us\nslug: about\n---\nWe are a network.\n");

        var first = await Importer().ImportAsync();
        Assert.Equal(2, first.Created.Count);
        Assert.Empty(first.Errors);

        var second = await Importer().ImportAsync();
        Assert.Empty(second.Created);
        Assert.Empty(second.Updated);
        Assert.Equal(2, second.Unchanged);

        await using var session = App.Store.QuerySession();
        Assert.Equal(1, await session.Query<GlossaryTerm>().CountAsync());
        var page = await Client().GetAsync("/glossary/peer-learning");
        Assert.Contains("<strong>words</strong>", page.Document.QuerySelector("article")!.InnerHtml);
    }

    [Fact]
    public async Task An_edited_file_updates_its_document_under_the_same_id()
    {
        Write("pages/about.md", "---\ntitle: About us\nslug: about\n---\nFirst text.\n");
        await Importer().ImportAsync();
        Write("pages/about.md", "---\ntitle: About the network\nslug: about\n---\nSecond text.\n");
        var report = await Importer().ImportAsync();
        Assert.Equal(["pages/about.md"], report.Updated);
        var page = await Client().GetAsync("/pages/about");
        Assert.Contains("About the network", page.Text);
        Assert.Contains("Second text.", page.Text);
        await using var session = App.Store.QuerySession();
        Assert.Equal(1, await session.Query<ContentPage>().CountAsync());
    }

    [Fact]
    public async Task A_removed_file_is_reported_and_its_document_kept()
    {
        Write("glossary/a-term.md", Term("a-term", "A term"));
        Write("glossary/b-term.md", Term("b-term", "B term"));
        await Importer().ImportAsync();
        File.Delete(Path.Combine(folder, "glossary/b-term.md"));
        var report = await Importer().ImportAsync();
        Assert.Equal(["glossary/b-term.md"], report.Missing);
        await using var session = App.Store.QuerySession();
        Assert.NotNull(await session.LoadAsync<GlossaryTerm>("glossary/b-term"));
    }

    [Fact]
    public async Task Bad_files_are_reported_with_file_and_line_and_do_not_stop_the_others()
    {
        Write("glossary/good.md", Term("good", "Good"));
        Write("glossary/bad-yaml.md", "---\ntitle: Bad\nslug: bad-yaml\nrelated: [unclosed\nsummary: x\n---\nBody\n");
        Write("glossary/no-front-matter.md", "Just text, no front matter.\n");
        Write("glossary/no-title.md", "---\nslug: no-title\nsummary: x\n---\nBody\n");
        Write("glossary/bad-slug.md", "---\ntitle: Bad slug\nslug: Not A Slug!\nsummary: x\n---\nBody\n");
        Write("pages/deep.md", "---\ntitle: Deep\n---\n" + new string('>', 20_000) + " deep\n");
        Write("notes/unknown.md", "---\ntitle: Nobody imports this folder\n---\n");

        var report = await Importer().ImportAsync();

        Assert.Equal(["glossary/good.md"], report.Created);
        Assert.Equal(["notes/unknown.md"], report.Skipped);
        var errors = report.Errors.ToDictionary(e => e.Path);
        Assert.Equal(5, errors.Count);
        Assert.True(errors["glossary/bad-yaml.md"].Line is 4 or 5, errors["glossary/bad-yaml.md"].ToString());
        Assert.Equal(1, errors["glossary/no-front-matter.md"].Line);
        Assert.Contains("title", errors["glossary/no-title.md"].Message);
        Assert.Contains("slug", errors["glossary/bad-slug.md"].Message);
        Assert.Equal(4, errors["pages/deep.md"].Line);

        // Fixing a bad file imports it on the next run.
        Write("glossary/no-title.md", "---\ntitle: Now titled\nslug: no-title\nsummary: x\n---\nBody\n");
        Assert.Contains("glossary/no-title.md", (await Importer().ImportAsync()).Created);
    }

    [Fact]
    public async Task The_repository_content_imports_without_errors_and_glossary_links_resolve()
    {
        var report = await App.Factory.Services.GetRequiredService<ContentImport>().ImportAsync();
        Assert.Empty(report.Errors);
        Assert.Empty(report.Skipped);
        await using var session = App.Store.QuerySession();
        var terms = await session.Query<GlossaryTerm>().ToListAsync();
        Assert.True(terms.Count >= 30, $"{terms.Count} glossary terms");
        var slugs = terms.Select(t => t.Slug).ToHashSet();
        Assert.All(terms, t => Assert.All(t.Related, r => Assert.Contains(r, slugs)));
        foreach (var slug in new[] { "about", "privacy", "code-of-conduct" })
            Assert.Equal(System.Net.HttpStatusCode.OK, (await Client().GetAsync($"/pages/{slug}")).Status);
    }
}
