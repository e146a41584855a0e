using Akka.Actor;
using BatonClerk.Engine.Clerk;

namespace BatonClerk.Engine.Sync.Gate;

/// <summary>Adapts the gate actor to the Clerk client's <see cref="IRequestGate"/> hook.</summary>
public sealed class GateClient(IActorRef gate, SyncMetrics metrics) : IRequestGate
{
    private long _nextId;

    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        try
        {
            await gate.Ask<PermitGranted>(new RequestPermit(id), Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            metrics.RequestSent();
        }
        catch (OperationCanceledException)
        {
            gate.Tell(new WithdrawPermit(id));
            throw;
        }
    }

    public void ReportRateLimited(TimeSpan? retryAfter)
    {
        metrics.RateLimited();
        gate.Tell(new RateLimited(retryAfter));
    }
}
