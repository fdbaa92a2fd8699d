using System.Security.Claims;
using Marten;

namespace KnowledgeHub.Infrastructure.Search;

/// <summary>
/// Maps one kind of content into the index. A new kind plugs in by registering a source; the engine does not change.
/// A source names the document types whose changes concern it (<see cref="Watches"/>): a trigger on each of their tables
/// records every insert, update and delete in the change feed inside the writer's own transaction, whatever code path
/// wrote it. The source later turns those keys ("prefix" + document id) into index updates.
/// </summary>
public interface ISearchSource
{
    /// <summary>Short and stable: stored with every change record ("forum", "case-study", …).</summary>
    string Name { get; }

    /// <summary>Document types to follow, each with the prefix its keys get (key = prefix + document id).</summary>
    IReadOnlyList<SearchWatch> Watches { get; }

    /// <summary>Brings the index up to date for these keys: upsert what exists and may be found, delete what no longer does.</summary>
    Task ApplyAsync(IQuerySession session, IReadOnlyCollection<string> keys, IIndexChanges index, CancellationToken ct);

    /// <summary>Everything this source would index, for a rebuild.</summary>
    IAsyncEnumerable<SearchDocument> AllAsync(IQuerySession session, CancellationToken ct);
}

/// <summary>
/// A document type a source follows. With <paramref name="Fields"/>, an update is recorded only when one of those
/// properties changed (inserts and deletes always are): a space's last-activity time or a thread's reply counter, written on
/// every reply, then never reaches the feed.
/// </summary>
public sealed record SearchWatch(Type Document, string KeyPrefix, params string[] Fields);

/// <summary>Pieces shared by sources.</summary>
public static class SearchSources
{
    /// <summary>
    /// For a source with one entry per document: the ids in the keys with <paramref name="prefix"/>, loaded in one call;
    /// each is upserted when it maps to a search document and deleted from the index otherwise (gone, or not to be found).
    /// </summary>
    public static async Task ApplyEachAsync<T>(IQuerySession session, IReadOnlyCollection<string> keys, string prefix, Func<T, Guid> idOf,
        Func<T, SearchDocument?> document, Func<Guid, string> keyOf, IIndexChanges index, CancellationToken ct) where T : notnull
    {
        var ids = keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => Guid.TryParse(k.AsSpan(prefix.Length), out var g) ? g : Guid.Empty)
            .Where(g => g != Guid.Empty).Distinct().ToArray();
        if (ids.Length == 0) return;
        var found = (await session.LoadManyAsync<T>(ct, ids)).ToDictionary(idOf);
        foreach (var id in ids)
        {
            if (found.TryGetValue(id, out var item) && document(item) is { } entry) index.Upsert(entry);
            else index.Delete(keyOf(id));
        }
    }
}

/// <summary>What a source may do to the index while applying changes.</summary>
public interface IIndexChanges
{
    void Upsert(SearchDocument document);
    void Delete(string key);
    void DeleteGroup(string group);
    /// <summary>The fingerprint stored with any document of the group, or null when the group is not indexed.</summary>
    string? StoredFingerprint(string group);
}

/// <summary>Adds the visibility keys of the member asking (private spaces, coaching circles, …) to the public ones.</summary>
public interface ISearchAudienceProvider
{
    Task<IEnumerable<string>> KeysForAsync(ClaimsPrincipal user, IQuerySession session, CancellationToken ct);
}
