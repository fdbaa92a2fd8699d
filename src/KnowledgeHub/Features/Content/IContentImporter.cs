using Marten;

namespace KnowledgeHub.Features.Content;

/// <summary>One importer per top-level folder of content/ (pages, glossary, later courses and case studies).</summary>
public interface IContentImporter
{
    string Folder { get; }

    /// <summary>Parses and stores one file; throws <see cref="ContentException"/> with a line number when it is wrong.</summary>
    Task ImportAsync(ContentFile file, IDocumentSession session, CancellationToken ct);
}
