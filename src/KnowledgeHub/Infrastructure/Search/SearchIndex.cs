using KnowledgeHub.Infrastructure.Postgres;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using Directory = Lucene.Net.Store.Directory;

namespace KnowledgeHub.Infrastructure.Search;

public sealed class SearchOptions
{
    /// <summary>This node's own index folder (every node keeps its own, fed from PostgreSQL).</summary>
    public string IndexPath { get; set; } = ".data/search";
    /// <summary>Fallback poll when no notification arrives (notifications normally wake the indexer at once).</summary>
    public int PollMilliseconds { get; set; } = 1000;
    public int RetentionDays { get; set; } = 14;
    public int BatchSize { get; set; } = 2000;
}

/// <summary>
/// The one owner of this node's <see cref="IndexWriter"/>: a background loop that follows the change feed, applies each
/// source's updates, and refreshes the <see cref="SearcherManager"/> that requests search with. Requests never wait for
/// indexing; they search whatever reader was last published.
/// </summary>
public sealed class SearchIndex(IDocumentStore store, DatabaseConnection database, IEnumerable<ISearchSource> sources,
    IOptions<SearchOptions> options, IHostEnvironment environment, ILogger<SearchIndex> logger) : BackgroundService
{
    private readonly Dictionary<string, ISearchSource> sourceByName = sources.ToDictionary(s => s.Name);
    private readonly SemaphoreSlim wake = new(0);
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Directory? directory;
    private IndexWriter? writer;
    private SearcherManager? searchers;
    private ChangeCursor cursor;
    private long generation;
    private DateTimeOffset lastCommit = DateTimeOffset.MinValue;

    /// <summary>True once the index holds everything (after the first build, if one was needed).</summary>
    public bool IsReady => ready.Task.IsCompleted;
    /// <summary>Everything up to here is applied and visible to searches (set only after the reader is refreshed).</summary>
    public ChangeCursor Cursor => searchable;
    private ChangeCursor searchable;
    private long searchableGeneration = -1;

    /// <summary>Runs a search on the latest published reader; never blocks on indexing.</summary>
    public T WithSearcher<T>(Func<IndexSearcher, T> search)
    {
        var manager = searchers ?? throw new SearchUnavailableException();
        var searcher = manager.Acquire();
        try { return search(searcher); }
        finally { manager.Release(searcher); }
    }

    public void Wake() => wake.Release();

    /// <summary>How many times this node rebuilt its index since it started.</summary>
    public int Rebuilds { get; private set; }

    /// <summary>
    /// Waits until every change committed before the call is searchable here, and any requested rebuild is done
    /// (tests and benchmarks; pages never wait). Without <paramref name="wake"/> it relies on the database notification alone.
    /// </summary>
    public async Task WaitUntilCaughtUpAsync(TimeSpan timeout, bool wake = true, CancellationToken ct = default)
    {
        ChangeCursor target;
        long wantedGeneration;
        await using (var connection = await OpenConnectionAsync(ct)) target = await SearchChanges.LatestAsync(connection, ct);
        await using (var query = store.QuerySession())
            wantedGeneration = (await query.LoadAsync<SearchState>(SearchState.TheId, ct))?.Generation ?? 0;
        var deadline = DateTime.UtcNow + timeout;
        if (wake) Wake();
        while (searchable.IsBefore(target) || searchableGeneration != wantedGeneration || !IsReady)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Search index at {searchable} (generation {searchableGeneration}), waiting for {target} (generation {wantedGeneration})");
            await Task.Delay(10, ct);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        await Task.Yield();
        try
        {
            Open();
            await using (var connection = await OpenConnectionAsync(stop))
            {
                await SearchChanges.EnsureTriggersAsync(store, connection, sourceByName.Values, stop);
            }
            _ = ListenAsync(stop);
            await CatchUpOrRebuildAsync(stop);
            ready.TrySetResult();
            var lastPrune = DateTimeOffset.UtcNow;
            while (!stop.IsCancellationRequested)
            {
                await wake.WaitAsync(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds), stop);
                while (wake.CurrentCount > 0) await wake.WaitAsync(stop); // one pass serves every pending wake-up
                try
                {
                    await CatchUpOrRebuildAsync(stop);
                    if (DateTimeOffset.UtcNow - lastPrune > TimeSpan.FromHours(1))
                    {
                        lastPrune = DateTimeOffset.UtcNow;
                        await using var connection = await OpenConnectionAsync(stop);
                        await SearchChanges.PruneAsync(store, connection, TimeSpan.FromDays(options.Value.RetentionDays), stop);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Search indexing failed; retrying from {Cursor}", cursor);
                    await Task.Delay(1000, stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        finally
        {
            ready.TrySetResult();
            Close();
        }
    }

    private void Open()
    {
        var path = Path.GetFullPath(options.Value.IndexPath, environment.ContentRootPath);
        System.IO.Directory.CreateDirectory(path);
        directory = FSDirectory.Open(new DirectoryInfo(path));
        writer = new IndexWriter(directory, WriterConfig());
        var data = writer.CommitData;
        cursor = data is not null && data.TryGetValue("cursor", out var c) ? ChangeCursor.Parse(c) : ChangeCursor.Start;
        generation = data is not null && data.TryGetValue("generation", out var g) && long.TryParse(g, out var n) ? n : -1;
        var schema = data is not null && data.TryGetValue("schema", out var s) ? s : null;
        if (schema != SearchFields.SchemaVersion) generation = -1; // a different layout: rebuild
        searchers = new SearcherManager(writer, true, new SearcherWarmer());
        (searchable, searchableGeneration) = (cursor, generation);
        logger.LogInformation("Search index at {Path}: {Docs} documents, cursor {Cursor}", path, writer.NumDocs, cursor);
    }

    /// <summary>How every index is written (the live one here, and the one the indexing benchmark builds).</summary>
    public static IndexWriterConfig WriterConfig() =>
        new(SearchAnalysis.Version, SearchAnalysis.Analyzer) { OpenMode = OpenMode.CREATE_OR_APPEND, RAMBufferSizeMB = RamBufferMB };

    private const double RamBufferMB = 64;
    /// <summary>The RAM buffer while rebuilding (and in the indexing benchmark, which measures a rebuild): fewer, larger segments to flush and merge.</summary>
    public const double RebuildRamBufferMB = 256;

    private void Close()
    {
        try
        {
            searchers?.Dispose();
            if (writer is not null) { Commit(force: true); writer.Dispose(); }
            directory?.Dispose();
        }
        catch (Exception e) { logger.LogWarning(e, "Closing the search index"); }
        searchers = null; writer = null;
    }

    private async Task CatchUpOrRebuildAsync(CancellationToken ct)
    {
        SearchState state;
        await using (var query = store.QuerySession()) state = await query.LoadAsync<SearchState>(SearchState.TheId, ct) ?? new SearchState();
        // A new index has generation -1, never a stored one, so it is built here too.
        // A node whose cursor is before the last pruned change may have missed some; one that had read it missed nothing.
        if (generation != state.Generation || cursor.IsBefore(state.PrunedThrough))
        {
            await RebuildAsync(state.Generation, ct);
            return;
        }
        while (true)
        {
            IReadOnlyList<SearchChange> changes;
            await using (var connection = await OpenConnectionAsync(ct))
                changes = await SearchChanges.ReadAsync(connection, cursor, options.Value.BatchSize, ct);
            if (changes.Count == 0) break;
            await ApplyAsync(changes, ct);
            cursor = changes[^1].Cursor;
            Publish();
            if (changes.Count < options.Value.BatchSize) break;
        }
        if (DateTimeOffset.UtcNow - lastCommit > TimeSpan.FromSeconds(1)) Commit(force: false);
    }

    private async Task ApplyAsync(IReadOnlyList<SearchChange> changes, CancellationToken ct)
    {
        var changesTo = new IndexChanges(writer!, this);
        await using var session = store.QuerySession();
        foreach (var group in changes.GroupBy(c => c.Source))
        {
            if (!sourceByName.TryGetValue(group.Key, out var source)) continue; // a source this version no longer has
            await source.ApplyAsync(session, group.Select(c => c.Key).Distinct().ToList(), changesTo, ct);
        }
    }

    /// <summary>
    /// Reads everything from PostgreSQL into an empty index; searches keep the previous reader until it is done. One task
    /// reads the sources while one writing thread per core analyses and adds documents (IndexWriter is built for that),
    /// with a larger RAM buffer meanwhile so fewer small segments are flushed and merged.
    /// </summary>
    private async Task RebuildAsync(long newGeneration, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        Rebuilds++;
        ChangeCursor from;
        await using (var connection = await OpenConnectionAsync(ct)) from = await SearchChanges.RebuildCursorAsync(connection, ct);
        writer!.DeleteAll();
        int count;
        writer.Config.RAMBufferSizeMB = RebuildRamBufferMB;
        try
        {
            await using var session = store.QuerySession();
            count = await AddAllAsync(writer, Everything(session, ct), Environment.ProcessorCount, ct);
        }
        finally
        {
            writer.Config.RAMBufferSizeMB = RamBufferMB;
        }
        cursor = from;
        generation = newGeneration;
        Commit(force: true);
        Publish();
        logger.LogInformation("Search index rebuilt: {Count} documents in {Elapsed} ms", count, started.ElapsedMilliseconds);
        await CatchUpOrRebuildAsync(ct); // what changed while reading
    }

    private async IAsyncEnumerable<SearchDocument> Everything(IQuerySession session, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var source in sourceByName.Values)
            await foreach (var document in source.AllAsync(session, ct)) yield return document;
    }

    /// <summary>
    /// Adds <paramref name="documents"/> with <paramref name="threads"/> writing threads (IndexWriter is built for that)
    /// while the caller's task reads them, 500 at a time; returns how many were added. Used by the rebuild and the
    /// indexing benchmark. A failure on either side stops the other.
    /// </summary>
    public static async Task<int> AddAllAsync(IndexWriter writer, IAsyncEnumerable<SearchDocument> documents, int threads, CancellationToken ct)
    {
        var count = 0;
        var batches = System.Threading.Channels.Channel.CreateBounded<SearchDocument[]>(new System.Threading.Channels.BoundedChannelOptions(16) { SingleWriter = true });
        var writers = Enumerable.Range(0, Math.Max(1, threads)).Select(_ => Task.Run(async () =>
        {
            var mapper = new SearchFields.DocumentMapper();
            try
            {
                await foreach (var batch in batches.Reader.ReadAllAsync(ct))
                {
                    foreach (var document in batch) writer.AddDocument(mapper.Map(document));
                    Interlocked.Add(ref count, batch.Length);
                }
            }
            catch (Exception e)
            {
                batches.Writer.TryComplete(e); // the reading side stops instead of waiting on a full channel
                throw;
            }
        }, ct)).ToArray();
        Exception? readFailure = null;
        try
        {
            await foreach (var batch in documents.Chunk(500).WithCancellation(ct)) await batches.Writer.WriteAsync(batch, ct);
        }
        catch (Exception e) { readFailure = e; }
        batches.Writer.TryComplete(readFailure);
        await Task.WhenAll(writers).ContinueWith(_ => { }, TaskScheduler.Default); // never leave a writing thread behind
        if (readFailure is not null && readFailure is not System.Threading.Channels.ChannelClosedException) throw readFailure;
        await Task.WhenAll(writers); // a writing thread's own failure
        return count;
    }

    private void Publish()
    {
        searchers!.MaybeRefreshBlocking();
        (searchable, searchableGeneration) = (cursor, generation);
    }

    private void Commit(bool force)
    {
        if (writer is null) return;
        if (!force && !writer.HasUncommittedChanges()) return;
        writer.SetCommitData(new Dictionary<string, string>
        {
            ["cursor"] = cursor.ToString(), ["generation"] = generation.ToString(), ["schema"] = SearchFields.SchemaVersion,
        });
        writer.Commit();
        lastCommit = DateTimeOffset.UtcNow;
    }

    private async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>LISTEN on the change channel: any node's commit wakes this node's indexer at once (polling is the fallback).</summary>
    private Task ListenAsync(CancellationToken stop) => DatabaseListener.ListenAsync(database.ConnectionString, SearchChanges.Channel,
        heard: _ => Wake(), listening: Wake, // anything committed before the LISTEN took effect
        lost: e => logger.LogWarning(e, "Search change notifications lost; polling until reconnected"), stop);

    private sealed class IndexChanges(IndexWriter writer, SearchIndex index) : IIndexChanges
    {
        private readonly SearchFields.DocumentMapper mapper = new();
        public void Upsert(SearchDocument document) => writer.UpdateDocument(new Term(SearchFields.Key, document.Key), mapper.Map(document));
        public void Delete(string key) => writer.DeleteDocuments(new Term(SearchFields.Key, key));
        public void DeleteGroup(string group) => writer.DeleteDocuments(new Term(SearchFields.Group, group));
        public string? StoredFingerprint(string group) => index.WithSearcher(searcher =>
        {
            var top = searcher.Search(new TermQuery(new Term(SearchFields.Group, group)), 1);
            return top.TotalHits == 0 ? null : searcher.Doc(top.ScoreDocs[0].Doc).Get(SearchFields.Fingerprint) ?? "";
        });
    }
}

public sealed class SearchUnavailableException() : Exception("The search index is not open yet.");
