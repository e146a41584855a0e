using Akka.Actor;
using BatonClerk.Engine.Clerk;

namespace BatonClerk.Engine.Sync.Gate;

/// <summary>Adapts the gate actor to the Clerk client's <see cref="IRequestGate"/> hook.</summary>
internal sealed class GateClient(IActorRef gate, SyncMetrics metrics) : IRequestGate
{
    // Process-wide: several syncs of one key share a gate, which tells their permits apart by id alone.
    private static long s_nextId;

    /// <summary>A permit id no other permit of this process has; the head start's early requests use them too.</summary>
    internal static long NextPermitId() => Interlocked.Increment(ref s_nextId);

    /// <summary>A permit counted from its grant: the lease form is preferred, this one serves simple callers.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        using var lease = await AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The permit is held until the lease is disposed, when the attempt is over.</summary>
    public async ValueTask<IDisposable> AcquireLeaseAsync(CancellationToken cancellationToken)
    {
        var id = NextPermitId();
        var waitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        metrics.GateWaitStarted();
        try
        {
            await gate.Ask<PermitGranted>(new RequestPermit(id, GatePriority.Current) { Demand = GateDemand.Current?.Use() ?? 0 }, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            metrics.RequestSent();
            Diagnostics.EngineTelemetry.PermitsInUse.Add(1);
            return new Lease(gate, id, metrics);
        }
        catch (OperationCanceledException)
        {
            gate.Tell(new WithdrawPermit(id));
            throw;
        }
        finally
        {
            metrics.AddGateWait(System.Diagnostics.Stopwatch.GetElapsedTime(waitStarted));
            metrics.GateWaitEnded();
        }
    }

    public void ReportRateLimited(TimeSpan? retryAfter)
    {
        metrics.RateLimited();
        gate.Tell(new RateLimited(retryAfter));
    }
}

internal sealed class Lease(IActorRef gate, long id, SyncMetrics metrics) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            gate.Tell(new ReleasePermit(id));
            metrics.RequestEnded();
            Diagnostics.EngineTelemetry.PermitsInUse.Add(-1);
        }
    }
}
