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
    private readonly List<(DateTimeOffset At, TimeSpan? RetryAfter)> _rateLimited = [];
    private IActorRef? _gate;
    private SyncMetrics? _metrics;
    private IRequestGate? _syncGate;

    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        using var lease = await AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<IDisposable> AcquireLeaseAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long id;
        lock (_lock)
        {
            if (_syncGate is not null)
            {
                // An early call's retry after the sync took over waits for a permit like any of the sync's requests.
                return _syncGate.AcquireLeaseAsync(cancellationToken);
            }

            id = GateClient.NextPermitId();
            _leases[id] = null;
        }

        return ValueTask.FromResult<IDisposable>(new Lease(this, id));
    }

    /// <summary>
    /// An early request got a 429. The gate pauses for it as soon as it exists (or at once): the pager that takes
    /// the answer reports it too, but other pagers may start sending before that pager runs.
    /// </summary>
    public void NoteRateLimited(TimeSpan? retryAfter)
    {
        lock (_lock)
        {
            if (_gate is not null)
            {
                _gate.Tell(new RateLimited(retryAfter));
                return;
            }

            _rateLimited.Add((time.GetUtcNow(), retryAfter));
        }
    }

    /// <summary>
    /// Hands every permit to the sync's gate (told before any pager exists, so it counts them before it grants);
    /// from then on a permit is asked of <paramref name="syncGate"/>, the sync's own client of that gate.
    /// </summary>
    public void Attach(IActorRef gate, SyncMetrics metrics, IRequestGate syncGate)
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
            var now = time.GetUtcNow();
            foreach (var (at, retryAfter) in _rateLimited)
            {
                // What is left of the pause Clerk asked for (its default when it named none).
                var left = retryAfter is { } r ? at + r - now : (TimeSpan?)null;
                if (left is null || left > TimeSpan.Zero)
                {
                    gate.Tell(new RateLimited(left));
                }
            }

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
            _syncGate = syncGate;
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
