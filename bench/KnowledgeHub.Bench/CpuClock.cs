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
