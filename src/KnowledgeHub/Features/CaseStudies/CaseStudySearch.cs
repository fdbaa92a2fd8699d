using System.Runtime.CompilerServices;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Infrastructure.Search;
using KnowledgeHub.Infrastructure.Text;
using Marten;

namespace KnowledgeHub.Features.CaseStudies;

/// <summary>
/// Published case studies in search, one entry each, visible to everyone. Drafts and case studies under review are never
/// indexed, so nobody (not even a moderator) finds them through search; withdrawing or unpublishing removes the entry.
/// Sectors and themes go in as tags, so the search page's tag facet filters by both.
/// </summary>
public sealed class CaseStudySearch : ISearchSource
{
    public const string Type = "case-study";

    public string Name => Type;

    public IReadOnlyList<SearchWatch> Watches { get; } = [new(typeof(CaseStudy), "c:")];

    public Task ApplyAsync(IQuerySession session, IReadOnlyCollection<string> keys, IIndexChanges index, CancellationToken ct) =>
        SearchSources.ApplyEachAsync<CaseStudy>(session, keys, "c:", c => c.Id, Document, KeyOf, index, ct);

    public async IAsyncEnumerable<SearchDocument> AllAsync(IQuerySession session, [EnumeratorCancellation] CancellationToken ct)
    {
        var published = await session.Query<CaseStudy>().Where(c => c.Status == CaseStudyStatus.Published).ToListAsync(ct);
        foreach (var study in published)
            if (Document(study) is { } document) yield return document;
    }

    private static SearchDocument? Document(CaseStudy c)
    {
        if (!c.IsPublished) return null;
        var figures = string.Join(" ", c.Figures.Select(f => $"{f.Value} {f.Label}."));
        var body = string.Join("\n", c.Summary, c.Organisation, HtmlText.Plain(c.Challenge.Html), HtmlText.Plain(c.WhatWasDone.Html),
            HtmlText.Plain(c.Results.Html), figures, HtmlText.Plain(c.Lessons.Html));
        return new SearchDocument
        {
            Key = KeyOf(c.Id), Group = KeyOf(c.Id), Type = Type, Title = c.Title, Body = body, Url = $"/case-studies/{c.Id}",
            Date = c.PublishedAt ?? c.UpdatedAt, Audience = [SearchAudience.Everyone], Language = c.Language,
            Tags = [.. c.Sectors, .. c.Themes], Country = c.Country,
            AuthorId = c.AuthorId?.ToString(), AuthorName = c.AuthorName,
        };
    }

    private static string KeyOf(Guid id) => "case-study:" + id.ToString("N");
}
