using BenchmarkDotNet.Running;
using KnowledgeHub.Bench;

// dotnet run -c Release --project bench/KnowledgeHub.Bench -- render            (BenchmarkDotNet)
// dotnet run -c Release --project bench/KnowledgeHub.Bench -- fanout URL TOKEN THREAD [READERS] [ROUNDS]
// dotnet run -c Release --project bench/KnowledgeHub.Bench -- search-index DIR [DOCS] [THREADS]
// dotnet run -c Release --project bench/KnowledgeHub.Bench -- search-query DIR [QUERIES-PER-CLASS]
// dotnet run -c Release --project bench/KnowledgeHub.Bench -- search-one DIR QUERY [TIMES] [newest]     (TermScoring on/off, interleaved)
// dotnet run -c Release --project bench/KnowledgeHub.Bench -- search-populate [POSTS]          (app's database, from the environment)
// dotnet run -c Release --project bench/KnowledgeHub.Bench -- search-findable URL TOKEN THREAD [PER-SECOND] [SECONDS]
return args.FirstOrDefault() switch
{
    "render" => RunRender(args[1..]),
    "fanout" => await FanOut.RunAsync(args[1], args[2], Guid.Parse(args[3]), args.Length > 4 ? int.Parse(args[4]) : 1000, args.Length > 5 ? int.Parse(args[5]) : 5),
    "search-index" => SearchBench.Index(args[1], args.Length > 2 ? int.Parse(args[2]) : 1_000_000, args.Length > 3 ? int.Parse(args[3]) : Environment.ProcessorCount),
    "search-query" => SearchBench.Query(args[1], args.Length > 2 ? int.Parse(args[2]) : 2000),
    "search-one" => SearchBench.One(args[1], args[2], args.Length > 3 ? int.Parse(args[3]) : 200, args.Length > 4 && args[4] == "newest"),
    "search-populate" => await SearchAppBench.PopulateAsync(args.Length > 1 ? int.Parse(args[1]) : 1_000_000),
    "search-findable" => await SearchAppBench.FindableAsync(args[1], args[2], Guid.Parse(args[3]), args.Length > 4 ? double.Parse(args[4]) : 10, args.Length > 5 ? int.Parse(args[5]) : 30),
    _ => Usage(),
};

static int RunRender(string[] rest)
{
    BenchmarkRunner.Run<RenderBenchmarks>(args: rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: render | fanout URL TOKEN THREAD [READERS] [ROUNDS] | search-index DIR [DOCS] [THREADS] | search-query DIR [QUERIES] | search-populate [POSTS] | search-findable URL TOKEN THREAD [RATE] [SECONDS]");
    return 2;
}
