using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Sync.Gate;

namespace BatonClerk.Engine.Provisioning;

/// <summary>
/// The sync's budget rule (<see cref="SlidingWindowBudget"/>) without the actor system, for a one-shot grant or
/// revoke: a handful of requests that still must not exceed the key's share of Clerk's limit.
/// </summary>
internal sealed class BudgetRequestGate(RateBudget budget, TimeProvider? time = null) : IRequestGate
{
    private readonly SlidingWindowBudget _budget = new(budget.RequestsPerWindow, budget.Window);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _lock = new();

    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        using var lease = await AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IDisposable> AcquireLeaseAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            DateTimeOffset next;
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                if (_budget.TryTake(now))
                {
                    return new Permit(this);
                }

                next = _budget.NextAvailable(now);
            }

            var wait = next - _time.GetUtcNow();
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Release()
    {
        lock (_lock)
        {
            _budget.Release(_time.GetUtcNow());
        }
    }

    private sealed class Permit(BudgetRequestGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
