using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KnowledgeHub.Features.Forum;
using Microsoft.AspNetCore.SignalR.Client;

namespace KnowledgeHub.Bench;

/// <summary>
/// SignalR fan-out: READERS connections (WebSockets) join one thread; a reply is posted through the API; each reader
/// notes when its push arrived. Latency is measured from just before the POST is sent (so it includes the whole write
/// and commit: an upper bound on commit-to-receipt), and every reader must receive every reply. One warm-up reply goes first,
/// as in any benchmark: the first use of the reply path after a start pays for compiling it.
/// </summary>
public static class FanOut
{
    public static async Task<int> RunAsync(string url, string token, Guid thread, int readers, int rounds)
    {
        var connections = new List<HubConnection>();
        var received = new long[readers];
        var arrivals = new long[readers];
        var clock = Stopwatch.StartNew();
        var target = 0L;
        var seq = 0L;
        Console.WriteLine($"connecting {readers} readers…");
        for (var i = 0; i < readers; i++)
        {
            var index = i;
            var hub = new HubConnectionBuilder().WithUrl($"{url}/hubs/forum").Build();
            hub.On<ThreadChange>("ThreadChanged", c =>
            {
                if (c.Seq != Interlocked.Read(ref target)) return;
                arrivals[index] = clock.ElapsedTicks;
                Interlocked.Increment(ref received[index]);
            });
            await hub.StartAsync();
            seq = await hub.InvokeAsync<long?>("JoinThread", thread) ?? throw new InvalidOperationException("reader could not join the thread");
            connections.Add(hub);
        }
        Console.WriteLine($"connected in {clock.Elapsed.TotalSeconds:F1} s");

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var all = new List<double>();
        var lost = 0;
        for (var round = 0; round <= rounds; round++) // round 0 warms up (first use of the reply path and the broadcast) and is not counted
        {
            Array.Clear(arrivals);
            Interlocked.Exchange(ref target, ++seq); // each reply is the thread's next event
            var start = clock.ElapsedTicks;
            var response = await http.PostAsJsonAsync($"/api/threads/{thread}/replies", new { body = $"Fan-out round {round}" });
            response.EnsureSuccessStatusCode();
            await Task.Delay(TimeSpan.FromSeconds(5));
            var got = arrivals.Where(a => a > 0).Select(a => (a - start) * 1000.0 / Stopwatch.Frequency).OrderBy(x => x).ToList();
            if (round == 0)
            {
                Console.WriteLine($"warm-up: {got.Count}/{readers} received; p99 {P(got, 0.99):F1} ms (not counted)");
                continue;
            }
            lost += readers - got.Count;
            all.AddRange(got);
            Console.WriteLine($"round {round}: {got.Count}/{readers} received; p50 {P(got, 0.5):F1} ms, p99 {P(got, 0.99):F1} ms, max {got.LastOrDefault():F1} ms");
        }
        all.Sort();
        Console.WriteLine($"fan-out {readers} readers x {rounds} replies: p50 {P(all, 0.5):F1} ms, p99 {P(all, 0.99):F1} ms, max {all.LastOrDefault():F1} ms, lost {lost}");
        foreach (var c in connections) await c.DisposeAsync();
        return lost == 0 ? 0 : 1;
    }

    private static double P(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
