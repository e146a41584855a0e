namespace BatonClerk.Engine.Sync;

/// <summary>
/// INTERNAL API. Start-up work that only computes (the store's creation, the warm-ups, opening the first connection)
/// runs on threads of its own. On two cores the thread pool starts with two threads, and work queued there held back
/// the first requests' socket completions by tens of milliseconds (docs/perf-issue15.md, round 12).
/// </summary>
internal static class StartUpWork
{
    public static Task Run(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static Task<T> Run<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
