using System.Diagnostics;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Sync.Store;

namespace BatonClerk.Benchmarks;

/// <summary>
/// The production c1z store with clocks on it: how long the store's thread spent writing rows, when the last page
/// was stored, and when completing started and ended (with the writer's own breakdown), so the time between the
/// last Clerk response and the end of the run can be split into its parts.
/// </summary>
internal sealed class TimedStore(C1zWriter writer) : ISyncStore
{
    private long _busyTicks;

    public TimeSpan Busy => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _busyTicks));

    public long LastPut { get; private set; }

    public long CompleteStarted { get; private set; }

    public long CompleteEnded { get; private set; }

    public C1zWriteSummary? Written { get; private set; }

    public string SyncId => writer.SyncId;

    public bool Resumed => writer.Resumed;

    public IReadOnlyDictionary<string, string> LoadState() => writer.LoadState();

    public void SaveState(IReadOnlyCollection<KeyValuePair<string, string>> entries) => Timed(() => writer.SaveState(entries));

    public void PutResourceTypes(IReadOnlyCollection<ResourceType> items) => Timed(() => writer.PutResourceTypes(items));

    public void PutResources(IReadOnlyCollection<Resource> items) => Timed(() => writer.PutResources(items));

    public void PutEntitlements(IReadOnlyCollection<Entitlement> items) => Timed(() => writer.PutEntitlements(items));

    public void PutGrants(IReadOnlyCollection<Grant> items) => Timed(() => writer.PutGrants(items));

    public bool TakesEncodedRows => Environment.GetEnvironmentVariable("PERF_MESSAGE_ROWS") != "1";

    public void PutRows(C1zRows rows) => Timed(() => writer.PutRows(rows));

    /// <summary>How long the index build's steps took when the store did them while the sync waited, or null.</summary>
    public TimeSpan? IdleBuild { get; private set; }

    /// <summary>The index build's steps done while the sync waited.</summary>
    public int IdleSteps { get; private set; }

    /// <summary>When the first step started and the last one ended (Stopwatch timestamps; pages were stored between them).</summary>
    public (long Started, long Ended) IdleTimes { get; private set; }

    public void Interrupt() => writer.Interrupt();

    public string? SpoolDirectory => writer.WorkingDirectory;

    public IdleWork UseIdleTime()
    {
        var started = Stopwatch.GetTimestamp();
        var step = writer.BuildNextDeferredIndex();
        if (!step.Built)
        {
            return IdleWork.Nothing;
        }

        var ended = Stopwatch.GetTimestamp();
        IdleTimes = (IdleSteps++ == 0 ? started : IdleTimes.Started, ended);
        IdleBuild = (IdleBuild ?? TimeSpan.Zero) + Stopwatch.GetElapsedTime(started, ended);
        return step.Left == 0 ? IdleWork.Finished : IdleWork.MoreLeft;
    }

    public StoreSummary Complete(C1zCompletion completion)
    {
        CompleteStarted = Stopwatch.GetTimestamp();
        var written = writer.Complete(completion);
        CompleteEnded = Stopwatch.GetTimestamp();
        Written = written;
        return new StoreSummary(written.ResourceTypes, written.Resources, written.Entitlements, written.Grants, written.Path, written.FileBytes);
    }

    public void Dispose() => writer.Dispose();

    private void Timed(Action write)
    {
        var started = Stopwatch.GetTimestamp();
        write();
        var ended = Stopwatch.GetTimestamp();
        Interlocked.Add(ref _busyTicks, ended - started);
        LastPut = ended;
    }
}
