namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// One searchable item as a source maps it: whatever the type (a post, a case study, a lesson, a profile), the engine
/// sees only this shape. <see cref="Audience"/> holds the visibility keys (see <see cref="SearchAudience"/>): a member
/// finds the item only when one of their keys is among them, and that test is part of the Lucene query itself.
/// </summary>
public sealed record SearchDocument
{
    /// <summary>Unique in the index, e.g. "post:&lt;id&gt;".</summary>
    public required string Key { get; init; }
    /// <summary>Items that change together (every post of a thread): a source can replace or drop a whole group at once.</summary>
    public required string Group { get; init; }
    /// <summary>What kind of thing this is, for the type filter: "thread", "reply", "case-study", "course", …</summary>
    public required string Type { get; init; }
    public required string Title { get; init; }
    /// <summary>Plain text (no markup): what is matched and what snippets are cut from.</summary>
    public required string Body { get; init; }
    public required string Url { get; init; }
    public required DateTimeOffset Date { get; init; }
    public required IReadOnlyList<string> Audience { get; init; }
    public string? Language { get; init; }
    public string? SpaceId { get; init; }
    public string? SpaceName { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Sector { get; init; }
    public string? Country { get; init; }
    public string? AuthorId { get; init; }
    public string? AuthorName { get; init; }
    /// <summary>A source's own summary of the group's state, read back with <see cref="IIndexChanges.StoredFingerprint"/> to skip work.</summary>
    public string? Fingerprint { get; init; }
}

/// <summary>Visibility keys, shared by the sources (who may see an item) and the audiences (who is asking).</summary>
public static class SearchAudience
{
    public const string Everyone = "public";
    public const string Members = "members";
    public static string Space(string spaceId) => "space:" + spaceId;

    /// <summary>What everyone may see, and what members may see when <paramref name="user"/> is signed in; then <paramref name="more"/>.</summary>
    public static List<string> For(System.Security.Claims.ClaimsPrincipal user, IEnumerable<string> more) =>
        [Everyone, .. user.Identity?.IsAuthenticated == true ? [Members, .. more] : Array.Empty<string>()];
}
