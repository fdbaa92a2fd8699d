using Marten;

namespace KnowledgeHub.Features.Content;

/// <summary>One importer per top-level folder of content/ (pages, glossary, later courses and case studies).</summary>
public interface IContentImporter
{
    string Folder { get; }

    /// <summary>Parses and stores one file; throws <see cref="ContentException"/> with a line number when it is wrong.</summary>
    Task ImportAsync(ContentFile file, IDocumentSession session, CancellationToken ct);
}

/// <summary>
/// An importer whose documents are made from several files together (a course from its folder). The import calls it once
/// per group in which a file was added, changed or removed, with the text of every file the group has now, so a removed
/// file is noticed and several changed files make one change.
/// </summary>
public interface IContentGroupImporter : IContentImporter
{
    /// <summary>The group a file belongs to (for a course, its folder "courses/&lt;slug&gt;"), or null when it belongs to none.</summary>
    string? GroupOf(string relativePath);

    /// <summary>Files: path relative to content/ → text. Throws <see cref="ContentException"/> when the group is wrong.</summary>
    Task ImportGroupAsync(string group, IReadOnlyDictionary<string, string> files, IDocumentSession session, CancellationToken ct);
}
