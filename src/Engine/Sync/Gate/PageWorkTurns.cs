namespace BatonClerk.Engine.Sync.Gate;

/// <summary>
/// INTERNAL API. The sync's CPU work on pages (parse, map, encode) runs a few pages at a time, in
/// <see cref="GatePriority"/> order. When the engine cannot keep up with the rate limit, this is what makes the
/// memberships finish first: their answers are handled before any user page that arrived meanwhile, so every grant
/// is stored while users are still coming and the store can build the grant indexes in a later wait on the rate
/// limit instead of after the last response. Requests are not held back: the users' answers wait in memory (their
/// pager's in-flight limit bounds how many), and a rate-bound sync, whose pages arrive one by one, never waits here.
/// </summary>
internal sealed class PageWorkTurns
{
    /// <summary>Pages worked on at once: one per core, so waiting pages cost memory, not CPU.</summary>
    public static int DefaultSlots { get; } = Math.Max(1, Environment.ProcessorCount);

    private readonly object _lock = new();
    private readonly Queue<TaskCompletionSource>[] _waiting;
    private readonly int _slots;
    private int _busy;

    public PageWorkTurns(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _slots = slots;
        _waiting = new Queue<TaskCompletionSource>[GatePriority.Count];
        for (var i = 0; i < _waiting.Length; i++)
        {
            _waiting[i] = new Queue<TaskCompletionSource>();
        }
    }

    /// <summary>Pages holding a turn now (for tests).</summary>
    internal int Busy
    {
        get
        {
            lock (_lock)
            {
                return _busy;
            }
        }
    }

    /// <summary>A turn for one page's flow at <paramref name="priority"/>; dispose it when the page's CPU work is done.</summary>
    public PageTurn ForPage(int priority) => new(this, Math.Clamp(priority, 0, GatePriority.Count - 1));

    internal Task EnterAsync(int priority, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_busy < _slots)
            {
                _busy++;
                return Task.CompletedTask;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[priority].Enqueue(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            // A cancelled waiter stays queued; Exit skips it (it can no longer be completed).
            var registration = cancellationToken.Register(static w => ((TaskCompletionSource)w!).TrySetCanceled(), waiter);
            _ = waiter.Task.ContinueWith(static (_, r) => ((CancellationTokenRegistration)r!).Dispose(), registration, TaskScheduler.Default);
        }

        return waiter.Task;
    }

    internal void Exit()
    {
        lock (_lock)
        {
            foreach (var queue in _waiting)
            {
                while (queue.TryDequeue(out var next))
                {
                    // The slot passes straight to the waiter, so a freed slot is never taken out of order.
                    if (next.TrySetResult())
                    {
                        return;
                    }
                }
            }

            _busy--;
        }
    }
}

/// <summary>INTERNAL API. One page's turn: taken when its answer is in, given back when its CPU work is done.</summary>
internal sealed class PageTurn(PageWorkTurns turns, int priority) : Clerk.IResponseTurn, IDisposable
{
    private int _held;

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _held) == 1)
        {
            return;
        }

        await turns.EnterAsync(priority, cancellationToken).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _held, 1) == 1)
        {
            // Two answers of one page (concurrent probes) came in together: the page needs one turn.
            turns.Exit();
        }
    }

    public void Release()
    {
        if (Interlocked.Exchange(ref _held, 0) == 1)
        {
            turns.Exit();
        }
    }

    public void Dispose() => Release();
}
