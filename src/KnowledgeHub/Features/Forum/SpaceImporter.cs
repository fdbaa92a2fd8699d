using KnowledgeHub.Features.Content;
using KnowledgeHub.Infrastructure.Markdown;
using Marten;

namespace KnowledgeHub.Features.Forum;

/// <summary>Imports content/spaces: authored fields are updated; moderators, group members and counters set in the app are kept.</summary>
public sealed class SpaceImporter(MarkdownRenderer renderer) : IContentImporter
{
    public string Folder => "spaces";

    public async Task ImportAsync(ContentFile file, IDocumentSession session, CancellationToken ct)
    {
        var meta = file.Read<SpaceFrontMatter>();
        var slug = ContentImport.Slug(meta.Slug ?? Path.GetFileNameWithoutExtension(file.RelativePath));
        if (!Enum.TryParse<SpaceVisibility>(meta.Visibility ?? "public", ignoreCase: true, out var visibility) || !Enum.IsDefined(visibility))
            throw new ContentException(1, $"Front matter: visibility must be public, members or private (not '{meta.Visibility}').");
        var name = ContentFile.Required(meta.Title, "title");
        var html = ContentImport.Render(renderer, file);
        var id = $"spaces/{slug}";
        var space = await session.LoadAsync<Space>(id, ct) ?? new Space { Id = id };
        space.Slug = slug;
        space.Name = name;
        space.Summary = meta.Summary?.Trim() ?? "";
        space.DescriptionHtml = html;
        space.Order = meta.Order;
        space.Visibility = visibility;
        space.Language = meta.Language ?? "en";
        if (meta.Starters is { Length: > 0 } starters && (!Enum.TryParse<KnowledgeHub.Features.Members.Role>(starters, ignoreCase: true, out var role) || !Enum.IsDefined(role)))
            throw new ContentException(1, $"Front matter: starters must be a role such as mentor (not '{meta.Starters}').");
        space.StartersRole = meta.Starters is { Length: > 0 } ? Enum.Parse<KnowledgeHub.Features.Members.Role>(meta.Starters, ignoreCase: true) : null;
        session.Store(space);
    }

    private sealed class SpaceFrontMatter
    {
        public string? Title { get; set; }
        public string? Slug { get; set; }
        public int Order { get; set; }
        public string? Visibility { get; set; }
        public string? Language { get; set; }
        public string? Summary { get; set; }
        /// <summary>Only members with this role start threads (office hours: mentor).</summary>
        public string? Starters { get; set; }
    }
}
