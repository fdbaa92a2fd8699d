using BenchmarkDotNet.Running;
using KnowledgeHub.Bench;

// dotnet run -c Release --project bench/KnowledgeHub.Bench -- render            (BenchmarkDotNet)
// dotnet run -c Release --project bench/KnowledgeHub.Bench -- fanout URL TOKEN THREAD [READERS] [ROUNDS]
return args.FirstOrDefault() switch
{
    "render" => RunRender(args[1..]),
    "fanout" => await FanOut.RunAsync(args[1], args[2], Guid.Parse(args[3]), args.Length > 4 ? int.Parse(args[4]) : 1000, args.Length > 5 ? int.Parse(args[5]) : 5),
    _ => Usage(),
};

static int RunRender(string[] rest)
{
    BenchmarkRunner.Run<RenderBenchmarks>(args: rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: render | fanout URL TOKEN THREAD [READERS] [ROUNDS]");
    return 2;
}
