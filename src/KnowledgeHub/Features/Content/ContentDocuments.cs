namespace KnowledgeHub.Features.Content;

/// <summary>A page authored in content/pages (about, privacy, guidelines). Id is the file's path: re-import updates it.</summary>
public sealed class ContentPage
{
    public string Id { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Language { get; set; } = "en";
    public string Html { get; set; } = "";
    public string SourcePath { get; set; } = "";
}

/// <summary>A glossary term authored in content/glossary.</summary>
public sealed class GlossaryTerm
{
    public string Id { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public List<string> Aliases { get; set; } = [];
    public List<string> Related { get; set; } = [];
    public string Summary { get; set; } = "";
    public string Language { get; set; } = "en";
    public string Html { get; set; } = "";
    public string SourcePath { get; set; } = "";
}

/// <summary>What was imported from each file, so re-import knows what changed and which files went away.</summary>
public sealed class ContentSource
{
    public string Id { get; set; } = ""; // the path relative to content/, with forward slashes
    public string Kind { get; set; } = "";
    public string Hash { get; set; } = "";
    public DateTimeOffset ImportedAt { get; set; }
    public bool Missing { get; set; }
}
