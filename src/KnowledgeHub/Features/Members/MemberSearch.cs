using System.Runtime.CompilerServices;
using KnowledgeHub.Infrastructure.Search;
using Marten;

namespace KnowledgeHub.Features.Members;

/// <summary>
/// Member profiles in search, so members can find peers by name, organisation, expertise or what they wrote about
/// themselves. Found by signed-in members only (the directory of people is not for visitors or crawlers, although a
/// profile's page can be opened by link); unconfirmed and suspended members are left out, as their pages are.
/// Only the profile's own fields are watched, so signing in or receiving a digest does not re-index anyone.
/// </summary>
public sealed class MemberSearch : ISearchSource
{
    public const string Type = "member";

    public string Name => Type;

    public IReadOnlyList<SearchWatch> Watches { get; } =
    [
        new(typeof(Member), "m:", nameof(Member.Name), nameof(Member.OrganisationName), nameof(Member.Country), nameof(Member.Sector),
            nameof(Member.Bio), nameof(Member.Expertise), nameof(Member.Languages), nameof(Member.Suspended), nameof(Member.EmailConfirmed)),
    ];

    public Task ApplyAsync(IQuerySession session, IReadOnlyCollection<string> keys, IIndexChanges index, CancellationToken ct) =>
        SearchSources.ApplyEachAsync<Member>(session, keys, "m:", m => m.Id, Document, KeyOf, index, ct);

    public async IAsyncEnumerable<SearchDocument> AllAsync(IQuerySession session, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var member in session.Query<Member>().Where(m => m.EmailConfirmed && !m.Suspended).ToAsyncEnumerable(ct))
            if (Document(member) is { } document) yield return document;
    }

    private static SearchDocument? Document(Member m)
    {
        if (!m.EmailConfirmed || m.Suspended) return null;
        var body = string.Join("\n", new[] { m.OrganisationName, string.Join(", ", m.Expertise), m.Bio }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new SearchDocument
        {
            Key = KeyOf(m.Id), Group = KeyOf(m.Id), Type = Type, Title = m.Name, Body = body, Url = $"/members/{m.Id}",
            Date = m.JoinedAt, Audience = [SearchAudience.Members], Tags = m.Expertise, Sector = m.Sector.ToString(),
            Country = string.IsNullOrWhiteSpace(m.Country) ? null : m.Country,
        };
    }

    private static string KeyOf(Guid id) => "member:" + id.ToString("N");
}
