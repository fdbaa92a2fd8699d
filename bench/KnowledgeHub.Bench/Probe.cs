namespace KnowledgeHub.Bench;
using System.Diagnostics;
using KnowledgeHub.Infrastructure.Search;
public static class Probe
{
    public static int Run(int n)
    {
        var g = new GeneratedPosts();
        var w = Stopwatch.StartNew();
        var docs = g.Documents(n).ToList();
        Console.WriteLine($"generate {n}: {w.ElapsedMilliseconds} ms, avg body {docs.Average(d => d.Body.Length):N0} chars");
        w.Restart();
        var lucene = docs.Select(SearchFields.ToLucene).ToList();
        Console.WriteLine($"ToLucene: {w.ElapsedMilliseconds} ms");
        foreach (var field in new[] { SearchAnalysis.TextField, SearchAnalysis.EnglishField, SearchAnalysis.TitleField })
        {
            w.Restart(); long tokens = 0;
            foreach (var d in docs)
            {
                using var s = SearchAnalysis.Analyzer.GetTokenStream(field, field == SearchAnalysis.TitleField ? d.Title : d.Title + "\n" + d.Body);
                s.Reset(); while (s.IncrementToken()) tokens++; s.End();
            }
            Console.WriteLine($"analyze {field}: {w.ElapsedMilliseconds} ms, {tokens / n} tokens/doc");
        }
        w.Restart();
        var plain = new Lucene.Net.Analysis.Standard.StandardAnalyzer(SearchAnalysis.Version, Lucene.Net.Analysis.Util.CharArraySet.Empty);
        foreach (var d in docs) { using var s = plain.GetTokenStream("x", d.Title + "\n" + d.Body); s.Reset(); while (s.IncrementToken()) { } s.End(); }
        Console.WriteLine($"analyze with plain StandardAnalyzer: {w.ElapsedMilliseconds} ms");
        var mapper = new SearchFields.DocumentMapper();
        foreach (var variant in new[] { "as is", "ram256", "no stored body", "as is" })
        {
            var dir = "/tmp/kh-probe"; if (System.IO.Directory.Exists(dir)) System.IO.Directory.Delete(dir, true);
            using var fs = Lucene.Net.Store.FSDirectory.Open(dir);
            var config = variant == "plain analyzer" ? new Lucene.Net.Index.IndexWriterConfig(SearchAnalysis.Version, plain) { RAMBufferSizeMB = 64 } : SearchIndex.WriterConfig();
            if (variant == "ram256") config.RAMBufferSizeMB = 256;
            GC.Collect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            w.Restart();
            using (var writer = new Lucene.Net.Index.IndexWriter(fs, config))
            {
                foreach (var d0 in docs)
                {
                    var d = variant switch { "no stemmed field" => d0 with { Language = "mn" }, "no stored body" => d0, _ => d0 };
                    var doc = mapper.Map(d);
                    if (variant == "no stored body") doc.RemoveField(SearchFields.Body);
                    writer.AddDocument(doc);
                }
                writer.Commit();
                Console.WriteLine($"index {variant}: {w.ElapsedMilliseconds} ms wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:N0} ms cpu");
            }
        }
        return 0;
    }
}
