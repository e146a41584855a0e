using System.Collections.Concurrent;

namespace BatonClerk.Engine.Sync;

/// <summary>Counters shared by the actors of one sync; read for progress lines and the final summary.</summary>
internal sealed class SyncMetrics
{
    private long _requests;
    private long _rateLimited;
    private long _responses;

    public ConcurrentDictionary<string, PagerMetrics> Pagers { get; } = new(StringComparer.Ordinal);

    public long Requests => Interlocked.Read(ref _requests);

    public long RateLimitedResponses => Interlocked.Read(ref _rateLimited);

    public long SuccessfulResponses => Interlocked.Read(ref _responses);

    /// <summary>Attempts that neither succeeded nor were 429s: what the client's retry policy spent.</summary>
    /// <summary>Attempts that ended without a page or a 429 (failed and retried, or the last one failed); in-flight requests are not counted.</summary>
    public long Retries => Math.Max(0, Interlocked.Read(ref _ended) - SuccessfulResponses - RateLimitedResponses);

    /// <summary>An attempt's permit was released: it has an outcome.</summary>
    public void RequestEnded() => Interlocked.Increment(ref _ended);

    public void RequestSent() => Interlocked.Increment(ref _requests);

    private long _waitingAtGate;
    private long _gateWaitTicks;
    private long _ended;

    /// <summary>Requests asking the gate for a permit right now.</summary>
    public long WaitingAtGate => Interlocked.Read(ref _waitingAtGate);

    public void GateWaitStarted() => Interlocked.Increment(ref _waitingAtGate);

    public void GateWaitEnded() => Interlocked.Decrement(ref _waitingAtGate);

    /// <summary>Time requests spent waiting for a permit, summed over requests (the SDK's rate_limit_wait step).</summary>
    public TimeSpan GateWaitTotal => TimeSpan.FromTicks(Interlocked.Read(ref _gateWaitTicks));

    public void AddGateWait(TimeSpan wait) => Interlocked.Add(ref _gateWaitTicks, wait.Ticks);

    public void RateLimited() => Interlocked.Increment(ref _rateLimited);

    public void ResponseReceived() => Interlocked.Increment(ref _responses);

    public PagerMetrics For(string pager) => Pagers.GetOrAdd(pager, static name => new PagerMetrics(name));
}

internal sealed class PagerMetrics(string name)
{
    private long _items;
    private long _pages;
    private long _expected = -1;
    private long _fetching;
    private long _storing;

    public string Name { get; } = name;

    public long Items => Interlocked.Read(ref _items);

    public long Pages => Interlocked.Read(ref _pages);

    /// <summary>What Clerk's total_count announced, or -1 when no total is known.</summary>
    public long Expected => Interlocked.Read(ref _expected);

    public bool Completed { get; set; }

    /// <summary>Fetches in flight (including those waiting at the gate).</summary>
    public long Fetching => Interlocked.Read(ref _fetching);

    /// <summary>Pages handed to the uploader and not yet acknowledged.</summary>
    public long Storing => Interlocked.Read(ref _storing);

    public void FetchStarted() => Interlocked.Increment(ref _fetching);

    public void FetchEnded() => Interlocked.Decrement(ref _fetching);

    public void StoreStarted() => Interlocked.Increment(ref _storing);

    public void StoreEnded() => Interlocked.Decrement(ref _storing);

    public void PageStored(int items)
    {
        Interlocked.Add(ref _items, items);
        Interlocked.Increment(ref _pages);
    }

    public void Restore(long items, long pages)
    {
        Interlocked.Add(ref _items, items);
        Interlocked.Add(ref _pages, pages);
    }

    public void AddExpected(long count)
    {
        Interlocked.CompareExchange(ref _expected, 0, -1);
        Interlocked.Add(ref _expected, count);
    }
}
