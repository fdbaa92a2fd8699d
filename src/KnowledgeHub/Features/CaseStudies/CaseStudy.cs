using System.Security.Cryptography;
using System.Text;
using Marten.Schema;

namespace KnowledgeHub.Features.CaseStudies;

/// <summary>Where a case study is in its life: written, waiting for a moderator, sent back, or out in the library.</summary>
public enum CaseStudyStatus { Draft, UnderReview, ChangesRequested, Published }

/// <summary>Authored in content/case-studies (published on import) or submitted in the app (reviewed first).</summary>
public enum CaseStudyOrigin { Submitted, Imported }

public enum ReviewAction { Submitted, Comment, ChangesRequested, Approved, Unpublished }

/// <summary>One result as a number and what it counts ("120" / "caregivers trained in the first year").</summary>
public sealed record Figure(string Value, string Label);

/// <summary>One step of the review conversation, shown to the author and moderators.</summary>
public sealed record ReviewNote(ReviewAction Action, Guid? ById, string ByName, string Text, DateTimeOffset At);

/// <summary>
/// An example from the field. Each Markdown section is stored as written and as HTML rendered and sanitized once, when
/// it was written. Ids are random for submissions (drafts are private and must not be guessable) and derived from the
/// file path for imported ones (a re-import updates the same document).
/// </summary>
[UseOptimisticConcurrency]
public sealed class CaseStudy
{
    public Guid Id { get; set; } = Guid.NewGuid();
    [Version] public Guid Version { get; set; }
    public CaseStudyOrigin Origin { get; set; }
    public string? SourcePath { get; set; }
    public CaseStudyStatus Status { get; set; }

    public string Title { get; set; } = "";
    /// <summary>ISO 3166 two-letter code.</summary>
    public string Country { get; set; } = "";
    public string Organisation { get; set; } = "";
    public List<string> Sectors { get; set; } = [];
    public List<string> Themes { get; set; } = [];
    public string Language { get; set; } = "en";
    public string Summary { get; set; } = "";
    public CaseSection Challenge { get; set; } = new();
    public CaseSection WhatWasDone { get; set; } = new();
    public CaseSection Results { get; set; } = new();
    public List<Figure> Figures { get; set; } = [];
    public CaseSection Lessons { get; set; } = new();
    public CaseSection Contacts { get; set; } = new();
    public CaseSection Sources { get; set; } = new();
    /// <summary>Written from summaries rather than by the network itself: the page says so.</summary>
    public bool Illustrative { get; set; }

    /// <summary>The case study this one tried again elsewhere ("we tried this too").</summary>
    public Guid? FollowsId { get; set; }

    public Guid? AuthorId { get; set; }
    public string AuthorName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public List<ReviewNote> Reviews { get; set; } = [];

    /// <summary>Its discussion in the forum; null until there is one (or after that thread was deleted and not yet replaced).</summary>
    public Guid? ThreadId { get; set; }

    public bool IsPublished => Status == CaseStudyStatus.Published;

    /// <summary>The same id for the same file every time, so imports upsert.</summary>
    public static Guid IdForPath(string relativePath)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("case-study:" + relativePath));
        return new Guid(hash.AsSpan(0, 16));
    }
}

/// <summary>A Markdown section and its sanitized HTML.</summary>
public sealed record CaseSection(string Markdown = "", string Html = "")
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Markdown);
}

/// <summary>The sectors of early childhood work a case study can touch (keys are stable; labels come from resources).</summary>
public static class CaseSectors
{
    public static readonly string[] All = ["health", "nutrition", "education", "child-protection", "social-welfare", "wash", "early-stimulation", "disability-inclusion"];

    public static bool IsKnown(string? key) => key is not null && All.Contains(key);
}
