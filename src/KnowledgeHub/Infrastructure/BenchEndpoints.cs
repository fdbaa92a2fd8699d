namespace KnowledgeHub.Infrastructure;

public sealed class BenchOptions
{
    /// <summary>Maps /bench/plaintext, the baseline the page benchmarks compare against. Never on in a real deployment.</summary>
    public bool Plaintext { get; set; }
}

public static class BenchEndpoints
{
    public static WebApplication MapBenchEndpoints(this WebApplication app)
    {
        var options = app.Configuration.GetSection("Bench").Get<BenchOptions>() ?? new BenchOptions();
        if (options.Plaintext) app.MapGet("/bench/plaintext", () => Results.Text("Hello, World!"));
        return app;
    }
}
