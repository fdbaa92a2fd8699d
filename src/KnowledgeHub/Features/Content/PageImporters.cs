using KnowledgeHub.Infrastructure.Markdown;
using Marten;

namespace KnowledgeHub.Features.Content;

public sealed class PageImporter(MarkdownRenderer renderer) : IContentImporter
{
    public string Folder => "pages";

    public Task ImportAsync(ContentFile file, IDocumentSession session, CancellationToken ct)
    {
        var meta = file.Read<PageFrontMatter>();
        var slug = ContentImport.Slug(meta.Slug ?? Path.GetFileNameWithoutExtension(file.RelativePath));
        session.Store(new ContentPage
        {
            Id = ContentImport.IdFor(file.RelativePath), Slug = slug, Title = ContentFile.Required(meta.Title, "title"),
            Summary = meta.Summary?.Trim() ?? "", Language = meta.Language ?? "en", Html = ContentImport.Render(renderer, file),
            SourcePath = file.RelativePath,
        });
        return Task.CompletedTask;
    }

    private sealed class PageFrontMatter
    {
        public string? Title { get; set; }
        public string? Slug { get; set; }
        public string? Language { get; set; }
        public string? Summary { get; set; }
    }
}

public sealed class GlossaryImporter(MarkdownRenderer renderer) : IContentImporter
{
    public string Folder => "glossary";

    public Task ImportAsync(ContentFile file, IDocumentSession session, CancellationToken ct)
    {
        var meta = file.Read<TermFrontMatter>();
        session.Store(new GlossaryTerm
        {
            Id = ContentImport.IdFor(file.RelativePath), Slug = ContentImport.Slug(meta.Slug ?? Path.GetFileNameWithoutExtension(file.RelativePath)),
            Title = ContentFile.Required(meta.Title, "title"), Aliases = meta.Aliases ?? [], Related = meta.Related ?? [],
            Summary = ContentFile.Required(meta.Summary, "summary"), Language = meta.Language ?? "en",
            Html = ContentImport.Render(renderer, file), SourcePath = file.RelativePath,
        });
        return Task.CompletedTask;
    }

    private sealed class TermFrontMatter
    {
        public string? Title { get; set; }
        public string? Slug { get; set; }
        public string? Language { get; set; }
        public List<string>? Aliases { get; set; }
        public List<string>? Related { get; set; }
        public string? Summary { get; set; }
    }
}
