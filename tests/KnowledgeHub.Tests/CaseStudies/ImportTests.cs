using KnowledgeHub.Features.CaseStudies;
using KnowledgeHub.Features.Content;
using KnowledgeHub.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeHub.Tests.CaseStudies;

/// <summary>content/case-studies: the repository's seven, and what the importer says about a wrong file.</summary>
public sealed class ImportTests(AppFixture app) : AppTest(app)
{
    private readonly string folder = Directory.CreateTempSubdirectory("kh-cases-").FullName;

    public override async Task DisposeAsync()
    {
        await using (var session = App.Store.LightweightSession())
        {
            session.DeleteWhere<CaseStudy>(c => c.SourcePath!.StartsWith("case-studies/test-"));
            session.DeleteWhere<ContentSource>(s => s.Id.StartsWith("case-studies/test-"));
            await session.SaveChangesAsync();
        }
        await App.Factory.Services.GetRequiredService<ContentImport>().ImportAsync(); // the repository's content, as it was
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task The_repository_holds_a_published_case_study_for_each_of_the_seven_networks()
    {
        await using var session = App.Store.QuerySession();
        var imported = await session.Query<CaseStudy>().Where(c => c.Origin == CaseStudyOrigin.Imported && c.SourcePath!.StartsWith("case-studies/")).ToListAsync();
        var repository = imported.Where(c => !c.SourcePath!.StartsWith("case-studies/test-")).ToList();
        Assert.Equal(["BD", "BT", "ID", "KH", "MN", "NP", "PK"], repository.Select(c => c.Country).Order());
        Assert.All(repository, c =>
        {
            Assert.Equal(CaseStudyStatus.Published, c.Status);
            Assert.True(c.Illustrative);
            Assert.NotEmpty(c.Figures);
            Assert.False(c.Lessons.IsEmpty);
            Assert.Contains("<p>", c.Challenge.Html);
        });
        var library = await Client().GetAsync("/case-studies?country=KH");
        Assert.Contains("A hosted network that listens through its newsletter", library.Text);
    }

    [Fact]
    public async Task A_wrong_file_is_reported_with_its_line_and_a_right_one_is_published_and_updated_in_place()
    {
        var good = """
            ---
            title: Toy libraries in district health posts
            country: NP
            organisation: Alliance for Early Childhood Development
            sectors: [health, early-stimulation]
            themes: [play, toy-library]
            language: en
            summary: Health posts lent home-made toys to families while they waited for check-ups.
            figures:
              - value: "14"
                label: health posts with a toy corner
            ---
            ## The challenge
            Long waits with nothing for toddlers to do.
            ## What was done
            Volunteers made toys from local materials.
            ## Results
            Families asked to borrow toys for home.
            ## Lessons learned
            Start with what is at hand.
            """;
        Write("case-studies/test-toys.md", good);
        Write("case-studies/test-unknown-section.md", good.Replace("## Results", "## Outcomes"));
        Write("case-studies/test-no-figures.md", good.Replace("figures:\n  - value: \"14\"\n    label: health posts with a toy corner\n", ""));
        Write("case-studies/test-bad-country.md", good.Replace("country: NP", "country: Narnia"));

        var report = await Importer().ImportAsync();
        Assert.Contains("case-studies/test-toys.md", report.Created);
        var errors = report.Errors.ToDictionary(e => e.Path);
        Assert.Equal(17, errors["case-studies/test-unknown-section.md"].Line);
        Assert.Contains("Unknown section 'Outcomes'", errors["case-studies/test-unknown-section.md"].Message);
        Assert.Contains("front matter 'figures'", errors["case-studies/test-no-figures.md"].Message);
        Assert.Contains("front matter 'country'", errors["case-studies/test-bad-country.md"].Message);

        var id = CaseStudy.IdForPath("case-studies/test-toys.md");
        var study = await App.LoadAsync(id);
        Assert.Equal(CaseStudyStatus.Published, study!.Status);
        Assert.Equal("<p>Start with what is at hand.</p>\n", study.Lessons.Html);

        // Re-importing a changed file updates the same case study and keeps its discussion thread.
        var thread = Guid.NewGuid();
        await using (var session = App.Store.LightweightSession())
        {
            study.ThreadId = thread;
            session.Store(study);
            await session.SaveChangesAsync();
        }
        Write("case-studies/test-toys.md", good.Replace("\"14\"", "\"15\""));
        var again = await Importer().ImportAsync();
        Assert.Contains("case-studies/test-toys.md", again.Updated);
        study = await App.LoadAsync(id);
        Assert.Equal("15", study!.Figures[0].Value);
        Assert.Equal(thread, study.ThreadId);
    }

    private void Write(string path, string text)
    {
        var full = Path.Combine(folder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private ContentImport Importer() => new(App.Store, App.Factory.Services.GetServices<IContentImporter>(),
        Options.Create(new ContentOptions { Path = folder }), App.Factory.Services.GetRequiredService<IHostEnvironment>(), NullLogger<ContentImport>.Instance);
}
