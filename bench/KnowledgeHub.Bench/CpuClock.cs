using System.Runtime.InteropServices;

namespace KnowledgeHub.Bench;

/// <summary>
/// CPU time consumed, for comparing variants on a busy machine where wall-clock times depend on what else runs:
/// the process's (every thread of it) or the calling thread's, from Linux's clock_gettime.
/// </summary>
public static class CpuClock
{
    private const int ProcessClock = 2, ThreadClock = 3; // CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID

    public static TimeSpan Process => Read(ProcessClock);
    public static TimeSpan Thread => Read(ThreadClock);

    /// <summary>CPU time so far of each of the process's threads (Linux: /proc/self/task/*/schedstat, nanoseconds); empty elsewhere.</summary>
    public static Dictionary<string, long> PerThread()
    {
        var times = new Dictionary<string, long>();
        if (!OperatingSystem.IsLinux()) return times;
        foreach (var task in System.IO.Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var text = File.ReadAllText(Path.Combine(task, "schedstat"));
                times[task] = long.Parse(text.AsSpan(0, text.IndexOf(' ')));
            }
            catch (IOException) { } // the thread ended
        }
        return times;
    }

    /// <summary>
    /// The most CPU any one thread used between two <see cref="PerThread"/> readings: for work split over threads that
    /// waits for all of them, what it would take on free cores whatever else the machine runs.
    /// </summary>
    public static TimeSpan LongestThread(Dictionary<string, long> before, Dictionary<string, long> after) =>
        TimeSpan.FromTicks(after.Max(t => t.Value - before.GetValueOrDefault(t.Key)) / 100);

    private static TimeSpan Read(int clock)
    {
        if (!OperatingSystem.IsLinux()) return clock == ProcessClock ? System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime : TimeSpan.Zero;
        ClockGetTime(clock, out var time);
        return TimeSpan.FromTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Nanoseconds / 100);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
