using Akka.Actor;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Sync.Gate;

namespace BatonClerk.Engine.Sync.HeadStart;

/// <summary>
/// INTERNAL API. The permits of the head start's requests, which leave before the sync's gate exists. Each is
/// remembered from its grant to its end; once the sync attaches its gate, the gate adopts them all (the ended ones at
/// their end times) and ends the rest as they finish, so the rate-limit window counts every request either way.
/// </summary>
internal sealed class HeadStartGate(TimeProvider time) : IRequestGate
{
    private readonly object _lock = new();
    private readonly Dictionary<long, DateTimeOffset?> _leases = [];
    private IActorRef? _gate;
    private SyncMetrics? _metrics;

    /// <summary>Requests this gate let out, ended or not.</summary>
    public int Granted
    {
        get
        {
            lock (_lock)
            {
                return _leases.Count;
            }
        }
    }

    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        using var lease = await AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<IDisposable> AcquireLeaseAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = GateClient.NextPermitId();
        lock (_lock)
        {
            _leases[id] = null;
            if (_gate is not null)
            {
                // Only a call started after the sync took over (none is planned to): the gate counts it all the same.
                _gate.Tell(new AdoptPermits([id], []));
                _metrics!.RequestSent();
            }
        }

        return ValueTask.FromResult<IDisposable>(new Lease(this, id));
    }

    /// <summary>Hands every permit to the sync's gate: told before any pager exists, so it counts them before it grants.</summary>
    public void Attach(IActorRef gate, SyncMetrics metrics)
    {
        lock (_lock)
        {
            if (_gate is not null)
            {
                throw new InvalidOperationException("The head start is already attached to a gate.");
            }

            var inFlight = _leases.Where(l => l.Value is null).Select(l => l.Key).ToList();
            var ended = _leases.Values.OfType<DateTimeOffset>().ToList();
            gate.Tell(new AdoptPermits(inFlight, ended));
            for (var i = 0; i < _leases.Count; i++)
            {
                metrics.RequestSent();
            }

            for (var i = 0; i < ended.Count; i++)
            {
                metrics.RequestEnded();
            }

            _gate = gate;
            _metrics = metrics;
        }
    }

    private void End(long id)
    {
        lock (_lock)
        {
            if (_gate is not null)
            {
                _gate.Tell(new ReleasePermit(id));
                _metrics!.RequestEnded();
            }

            _leases[id] = time.GetUtcNow();
        }
    }

    private sealed class Lease(HeadStartGate owner, long id) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                owner.End(id);
            }
        }
    }
}
