using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using KnowledgeHub.Infrastructure.Markdown;

namespace KnowledgeHub.Bench;

/// <summary>Render + sanitize, as done once per write: a typical post, and the worst inputs we know at the 32,000-character cap.</summary>
[Config(typeof(InProcessConfig))]
[MemoryDiagnoser]
public class RenderBenchmarks
{
    /// <summary>In process: the benchmark runs from any folder, without generating and building a project.</summary>
    private sealed class InProcessConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        public InProcessConfig() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10));
    }

    private const int Cap = 32_000;
    private readonly MarkdownRenderer renderer = new();

    public static readonly Dictionary<string, string> Inputs = new()
    {
        ["typical post"] = Typical(),
        ["[a]( repeated (refused)"] = Repeat("[a](", Cap),
        ["[a]( at the bracket limit"] = Repeat("[a](", 4 * 2_000) + Repeat("word ", Cap - 8_000),
        ["unclosed tags"] = Repeat("<a ", Cap),
        ["emphasis runs"] = Repeat("*a_", Cap),
        ["backticks"] = Repeat("`a", Cap),
        ["many links"] = Repeat("[x](https://example.org/a) ", Cap),
        ["big table"] = Table(),
        ["deep lists"] = Repeat("- ", Cap),
    };

    [ParamsSource(nameof(Names))]
    public string Input { get; set; } = "typical post";

    public IEnumerable<string> Names => Inputs.Keys;

    [Benchmark]
    public string RenderAndSanitize()
    {
        try { return renderer.Render(Inputs[Input]); }
        catch (MarkdownTooComplexException) { return ""; } // refused with a message: still a cost we measure
    }

    private static string Repeat(string unit, int length)
    {
        var builder = new StringBuilder(length);
        while (builder.Length + unit.Length <= length) builder.Append(unit);
        return builder.ToString();
    }

    private static string Table()
    {
        var builder = new StringBuilder("| a | b | c |\n|---|---|---|\n");
        while (builder.Length < Cap - 20) builder.Append("| 1 | **2** | [3](https://x.org) |\n");
        return builder.ToString();
    }

    private static string Typical() => """
        Thank you for sharing this, @asha. In our district we tried **monthly parent meetings** at the health post, and
        attendance doubled once we moved them to market day.

        What worked for us:

        - a short demonstration (15 minutes) of a play activity parents can do at home
        - one *community volunteer* per village who reminds families the day before
        - a simple register, so the health worker sees who came

        > We used the [nurturing care framework](https://nurturing-care.org) to choose topics.

        The hardest part was the rainy season: roads close for weeks. Has anyone tried phone follow-ups instead?
        """;
}
