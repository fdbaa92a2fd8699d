using System.Diagnostics;
using KnowledgeHub.Infrastructure.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace KnowledgeHub.Bench;

/// <summary>
/// The search engine on its own, with the app's own code: generated posts through <see cref="SearchFields.ToLucene"/> and
/// the app's analyzer and writer settings into an index on disk, then the app's query path
/// (<see cref="SearchService.Search(IndexSearcher, SearchRequest, IReadOnlyList{string})"/>: parse, visibility clause,
/// facet counts, snippets) timed query by query.
/// </summary>
public static class SearchBench
{
    /// <summary>Builds an index of <paramref name="count"/> posts with <paramref name="threads"/> writing threads.</summary>
    public static int Index(string path, int count, int threads)
    {
        if (System.IO.Directory.Exists(path)) System.IO.Directory.Delete(path, true);
        var generator = new GeneratedPosts();
        using var directory = FSDirectory.Open(new DirectoryInfo(path));
        var config = SearchIndex.WriterConfig();
        config.OpenMode = OpenMode.CREATE;
        config.RAMBufferSizeMB = SearchIndex.RebuildRamBufferMB; // as the app's rebuild, which this measures
        if (Environment.GetEnvironmentVariable("KH_RAM_MB") is { } ram) config.RAMBufferSizeMB = double.Parse(ram);
        if (Environment.GetEnvironmentVariable("KH_SEGS") is { } segs) ((TieredMergePolicy)config.MergePolicy).SegmentsPerTier = double.Parse(segs);
        if (Environment.GetEnvironmentVariable("KH_NOMERGE") is not null) config.MergePolicy = NoMergePolicy.COMPOUND_FILES;
        Console.WriteLine($"writer: RAM buffer {config.RAMBufferSizeMB} MB, {config.MergePolicy}");
        using var writer = new IndexWriter(directory, config);

        // One task reads the generator and hands documents to the writing threads, as the rebuild reads PostgreSQL.
        var watch = Stopwatch.StartNew();
        var cpu = CpuClock.Process;
        var written = SearchIndex.AddAllAsync(writer, generator.Documents(count).ToAsyncEnumerable(), threads, default).GetAwaiter().GetResult();
        var added = watch.Elapsed;
        writer.Commit();
        var committed = watch.Elapsed;
        var cpuUsed = CpuClock.Process - cpu;
        Console.WriteLine($"index: {written:N0} documents, {threads} writing thread(s): added in {added.TotalSeconds:N1} s, committed at {committed.TotalSeconds:N1} s " +
                          $"=> {written / committed.TotalSeconds:N0} docs/s (target >= 10,000); CPU {cpuUsed.TotalMicroseconds / written:N0} µs/doc " +
                          $"(=> {written / cpuUsed.TotalSeconds * threads:N0} docs/s if {threads} cores were free); {SizeOf(path) / 1024 / 1024:N0} MB on disk, {writer.NumDocs:N0} in the writer");
        return 0;
    }

    /// <summary>
    /// Times the query classes one query at a time (after a warm-up), each with the visibility filter of a member of one
    /// private space: single terms, two terms (AND), and OR of common words, relevance-sorted with facets and snippets.
    /// </summary>
    public static int Query(string path, int perClass)
    {
        var generator = new GeneratedPosts();
        using var directory = FSDirectory.Open(new DirectoryInfo(path));
        using var reader = DirectoryReader.Open(directory);
        var searcher = new SearcherWarmer().NewSearcher(reader); // as the app opens its searchers
        SearchSlices.Enabled = Environment.GetEnvironmentVariable("SEARCH_SPLIT") != "0";
        TermScoring.Enabled = Environment.GetEnvironmentVariable("SEARCH_DIRECT") != "0";
        Console.WriteLine($"query: index of {reader.NumDocs:N0} documents in {reader.Leaves.Count} segments; audience {string.Join(", ", GeneratedPosts.MemberAudience)}; " +
                          $"{(SearchSlices.Enabled ? "a query alone uses two threads" : "one thread per query (SEARCH_SPLIT=0)")}");
        var random = new Random(7);
        var words = generator.Words;
        string Common() => words[random.Next(30)];
        string Any() => generator.Word(random); // what people type follows the words' own frequency
        var classes = new (string Name, Func<string> Query, double TargetMs)[]
        {
            ("one term", Any, 15),
            ("two terms", () => $"{Any()} {Any()}", 15),
            ("phrase", () => $"\"{words[random.Next(200)]} {words[random.Next(200)]}\"", 15),
            ("prefix", () => words[random.Next(300)][..3] + "*", 40),
            ("common words OR", () => $"{Common()} OR {Common()} OR {Common()}", 40),
            ("newest first, filtered", () => $"{Any()}", 15),
        };
        // SEARCH_CLASSES picks classes by name prefix (comma-separated); SEARCH_SLOWEST=N lists each class's N slowest queries.
        var only = Environment.GetEnvironmentVariable("SEARCH_CLASSES")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var slowest = int.TryParse(Environment.GetEnvironmentVariable("SEARCH_SLOWEST"), out var s) ? s : 0;
        foreach (var (name, next, target) in classes)
        {
            if (only is not null && !only.Any(o => name.StartsWith(o, StringComparison.Ordinal))) continue;
            var newest = name.StartsWith("newest", StringComparison.Ordinal);
            SearchResults Run(string q) => SearchService.Search(searcher, new SearchRequest
            {
                Query = q, Sort = newest ? SearchSort.Newest : SearchSort.Relevance, Type = newest ? "reply" : null, Country = newest ? "NP" : null,
            }, GeneratedPosts.MemberAudience);
            for (var i = 0; i < 200; i++) Run(next()); // warm-up: JIT, caches
            var times = new double[perClass];
            var cpuTimes = new double[perClass];
            var longest = new double[perClass];
            long hits = 0;
            var each = new List<(double Cpu, string Query, int Hits)>();
            for (var i = 0; i < perClass; i++)
            {
                var q = next();
                var threads = CpuClock.PerThread();
                var started = Stopwatch.GetTimestamp();
                var cpu = CpuClock.Process;
                var results = Run(q);
                cpuTimes[i] = (CpuClock.Process - cpu).TotalMilliseconds;
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                longest[i] = CpuClock.LongestThread(threads, CpuClock.PerThread()).TotalMilliseconds;
                hits += results.Total;
                if (slowest > 0) each.Add((cpuTimes[i], q, results.Total));
            }
            Array.Sort(times);
            Array.Sort(cpuTimes);
            Array.Sort(longest);
            double P(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            Console.WriteLine($"  {name,-24} {perClass} queries: p50 {P(times, 0.5),6:N2} ms  p90 {P(times, 0.9),6:N2} ms  p99 {P(times, 0.99),6:N2} ms  max {times[^1],7:N2} ms  " +
                              $"mean hits {hits / perClass:N0}  (target p99 <= {target} ms{(P(times, 0.99) <= target ? "" : ", MISSED")})");
            // CPU of the whole process per query (all its threads): what a busy machine cannot inflate, unlike the wall clock.
            // and the most any one thread used (a query split over two threads waits for both): the wall time on a quiet machine.
            Console.WriteLine($"  {"",-24} CPU per query: p50 {P(cpuTimes, 0.5),6:N2} ms  p99 {P(cpuTimes, 0.99),6:N2} ms  mean {cpuTimes.Average(),6:N2} ms;" +
                              $"  longest thread p50 {P(longest, 0.5),6:N2} ms  p99 {P(longest, 0.99),6:N2} ms");
            foreach (var (c, q, h) in each.OrderByDescending(e => e.Cpu).Take(slowest)) Console.WriteLine($"    {c,7:N2} ms CPU  {h,9:N0} hits  {q}");
        }
        return 0;
    }

    /// <summary>
    /// One query <paramref name="times"/> times with <see cref="TermScoring"/> on and off in turn, one thread per query: the
    /// median CPU of each, for A/B comparisons on a busy machine (the same work, interleaved, so noise hits both alike).
    /// </summary>
    public static int One(string path, string text, int times, bool newest)
    {
        using var directory = FSDirectory.Open(new DirectoryInfo(path));
        using var reader = DirectoryReader.Open(directory);
        var searcher = new SearcherWarmer().NewSearcher(reader);
        SearchSlices.Enabled = false;
        var request = new SearchRequest { Query = text, Sort = newest ? SearchSort.Newest : SearchSort.Relevance };
        var cpu = new List<double>[] { [], [] };
        var totals = new int[2];
        for (var i = 0; i < times * 2 + 40; i++)
        {
            var direct = i % 2;
            TermScoring.Enabled = direct == 1;
            var started = CpuClock.Process;
            totals[direct] = SearchService.Search(searcher, request, GeneratedPosts.MemberAudience).Total;
            if (i >= 40) cpu[direct].Add((CpuClock.Process - started).TotalMilliseconds);
        }
        double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        Console.WriteLine($"{text}: {totals[1]:N0} hits; median CPU per query: Lucene's scorers {Median(cpu[0]):N2} ms, TermScoring {Median(cpu[1]):N2} ms");
        return totals[0] == totals[1] ? 0 : 1;
    }

    private static long SizeOf(string path) => new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}
