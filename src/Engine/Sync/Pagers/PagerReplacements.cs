namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>
/// INTERNAL API. How many times an endpoint's failed pager may be replaced: at most <c>limit</c> within any
/// <c>window</c>, so a fault that keeps coming back fails the sync instead of looping.
/// </summary>
internal sealed class PagerReplacements(int limit, TimeSpan window)
{
    private readonly Dictionary<string, Queue<TimeSpan>> _recent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _generation = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes one replacement for <paramref name="pager"/> at <paramref name="now"/>: the new pager's generation
    /// (2 for the first replacement), or null when the budget of the window is spent.
    /// </summary>
    public int? TryTake(string pager, TimeSpan now)
    {
        if (!_recent.TryGetValue(pager, out var recent))
        {
            recent = new Queue<TimeSpan>();
            _recent[pager] = recent;
        }

        while (recent.Count > 0 && now - recent.Peek() > window)
        {
            recent.Dequeue();
        }

        if (recent.Count >= limit)
        {
            return null;
        }

        recent.Enqueue(now);
        var generation = _generation.GetValueOrDefault(pager, 1) + 1;
        _generation[pager] = generation;
        return generation;
    }
}
