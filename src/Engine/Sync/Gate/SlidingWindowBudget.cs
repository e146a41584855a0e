namespace BatonClerk.Engine.Sync.Gate;

/// <summary>
/// At most <c>capacity</c> permits in any span of <c>window</c>, plus a pause that a 429 imposes on everyone.
/// Bursts up to the whole window are allowed: that is what lets a sync finish at the rate-limit floor.
/// </summary>
public sealed class SlidingWindowBudget
{
    private readonly Queue<DateTimeOffset> _granted = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

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
        var byWindow = _granted.Count < Capacity ? now : _granted.Peek() + Window;
        return byWindow > _pausedUntil ? byWindow : _pausedUntil;
    }

    public bool TryTake(DateTimeOffset now)
    {
        if (NextAvailable(now) > now)
        {
            return false;
        }

        _granted.Enqueue(now);
        return true;
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
