namespace BatonClerk.Engine.Sync.Gate;

/// <summary>
/// At most <c>capacity</c> permits in any span of <c>window</c>, plus a pause that a 429 imposes on everyone.
/// Bursts up to the whole window are allowed: that is what lets a sync finish at the rate-limit floor.
/// A permit taken with <see cref="TryTake"/> is in flight and counts until <see cref="Release"/> stamps it with its
/// end time: the server saw the request somewhere between the two, so counting from the end can never let the
/// server see more than <c>capacity</c> requests in one of its windows, however late a request left.
/// </summary>
internal sealed class SlidingWindowBudget
{
    private readonly Queue<DateTimeOffset> _granted = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private int _inFlight;

    public SlidingWindowBudget(int capacity, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        Capacity = capacity;
        Window = window;
    }

    public int Capacity { get; }

    public TimeSpan Window { get; }

    public DateTimeOffset PausedUntil => _pausedUntil;

    /// <summary>The earliest moment at or after <paramref name="now"/> when a permit can be taken.</summary>
    public DateTimeOffset NextAvailable(DateTimeOffset now)
    {
        Evict(now);
        var byWindow = _granted.Count + _inFlight < Capacity ? now
            : _granted.Count > 0 ? _granted.Peek() + Window
            : DateTimeOffset.MaxValue;
        return byWindow > _pausedUntil ? byWindow : _pausedUntil;
    }

    /// <summary>Permits that could be taken now, before any pause: the window's capacity less what it counts.</summary>
    public int Free(DateTimeOffset now)
    {
        Evict(now);
        return Math.Max(0, Capacity - _granted.Count - _inFlight);
    }

    /// <summary>When the oldest counted permit leaves the window (MaxValue when none is counted).</summary>
    public DateTimeOffset NextEviction(DateTimeOffset now)
    {
        Evict(now);
        return _granted.Count > 0 ? _granted.Peek() + Window : DateTimeOffset.MaxValue;
    }

    public bool TryTake(DateTimeOffset now)
    {
        if (NextAvailable(now) > now)
        {
            return false;
        }

        _inFlight++;
        return true;
    }

    /// <summary>Ends an in-flight permit: from now on it counts for one window.</summary>
    public void Release(DateTimeOffset now)
    {
        if (_inFlight == 0)
        {
            throw new InvalidOperationException("No permit is in flight.");
        }

        _inFlight--;
        _granted.Enqueue(now);
    }

    /// <summary>
    /// Counts a request sent before this budget existed (a sync's head start): in flight when
    /// <paramref name="endedAt"/> is null (a later <see cref="Release"/> ends it), else counted from its end like any
    /// released permit. Taken whatever the window holds: the request is already out, and it must count.
    /// </summary>
    public void Adopt(DateTimeOffset? endedAt)
    {
        if (endedAt is not { } end)
        {
            _inFlight++;
            return;
        }

        if (_granted.Count == 0 || end >= _granted.Last())
        {
            _granted.Enqueue(end);
            return;
        }

        // Rare (a shared gate already counting later ends): keep the queue in end order, which eviction relies on.
        var ordered = _granted.Append(end).Order().ToList();
        _granted.Clear();
        foreach (var t in ordered)
        {
            _granted.Enqueue(t);
        }
    }

    /// <summary>Pauses every permit until <paramref name="until"/>; a shorter pause never shortens a longer one.</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        if (until > _pausedUntil)
        {
            _pausedUntil = until;
        }
    }

    private void Evict(DateTimeOffset now)
    {
        while (_granted.Count > 0 && _granted.Peek() + Window <= now)
        {
            _granted.Dequeue();
        }
    }
}
