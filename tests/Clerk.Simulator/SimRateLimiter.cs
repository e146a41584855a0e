namespace BatonClerk.Simulator;

/// <summary>A sliding-window log per secret key; rejected requests do not consume budget.</summary>
internal sealed class SimRateLimiter
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _windows = new(StringComparer.Ordinal);

    /// <summary>Null when admitted; otherwise the whole seconds until the oldest request leaves the window.</summary>
    public int? TryAdmit(string key, SimRateLimit limit, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_windows.TryGetValue(key, out var window))
            {
                _windows[key] = window = new Queue<DateTimeOffset>();
            }

            while (window.Count > 0 && window.Peek() <= now - limit.Window)
            {
                window.Dequeue();
            }

            if (window.Count < limit.Requests)
            {
                window.Enqueue(now);
                return null;
            }

            var wait = window.Peek() + limit.Window - now;
            return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _windows.Clear();
        }
    }
}
