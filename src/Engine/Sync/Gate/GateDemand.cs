namespace BatonClerk.Engine.Sync.Gate;

/// <summary>
/// INTERNAL API. Ties a page's first request to its pager's announced demand (<see cref="ReserveDemand"/>): the
/// gate uses up one reserved permit when it grants that request, and only that one (a retry is not announced).
/// Counting at the grant, not when the page starts, leaves no moment in which the page is neither reserved nor
/// waiting at the gate, so a later priority can never take the permit it was kept for.
/// </summary>
internal sealed class GateDemand(long pager)
{
    private static readonly AsyncLocal<GateDemand?> s_current = new();
    private static long s_nextPager;
    private int _used;

    /// <summary>The page's demand in this async flow; null outside a pager that announces its demand.</summary>
    public static GateDemand? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    public long Pager { get; } = pager;

    /// <summary>A process-wide key for a pager (several syncs may share one gate).</summary>
    public static long NewPagerKey() => Interlocked.Increment(ref s_nextPager);

    /// <summary>The pager key for this page's first request, 0 for any later one.</summary>
    public long Use() => Interlocked.Exchange(ref _used, 1) == 0 ? Pager : 0;
}
