using BatonClerk.Engine.Sync.Resources;

namespace BatonClerk.Engine.Sync;

/// <summary>
/// INTERNAL API. Decides when the store may spend the sync's waiting time on work its completion would otherwise do
/// after the last response (the c1z's deferred index build): only when the sync is rate-bound right now (requests
/// wait at the gate, no page is at the store, twice in a row) and either every grant is stored (the memberships go
/// first at the gate, so only users are left: their rows keep just the small resource indexes up, one by one) or
/// the sync is nearly done, so the few rows still to come cost little to index one by one and the build is short.
/// </summary>
/// <remarks>
/// A step runs on a thread of its own: the pages that arrive meanwhile are answered at once and held in order (their
/// rows spooled to a file) until it ends, so the pagers keep spending the budget on the other core while the store
/// sorts. At a million users the grants' build (about 20 s) runs through the users' last 2000 requests instead of
/// before them.
/// </remarks>
internal sealed class IdleStorePolicy
{
    /// <summary>How often the supervisor looks; two quiet looks in a row are required.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>At least this share of the planned pages is stored (the rest is at most half of what is stored).</summary>
    public const double MinPercentDone = 66.7;

    /// <summary>At most this many pages left to fetch: their rows are indexed one at a time.</summary>
    public const long MaxRemainingPages = 200;

    /// <summary>At most this many pages stored: a bigger build would outlast a wait and hold pages back.</summary>
    public const long MaxStoredPages = 1000;

    private int _quietChecks;

    /// <summary>Whether this look at the sync allows the idle work; call once per <see cref="CheckInterval"/>.</summary>
    public bool Allows(SyncProgress progress, bool storeIdle)
    {
        var stored = progress.Pagers.Sum(p => p.Pages);
        var remaining = progress.EtaSeconds is { } eta ? (long)Math.Ceiling(eta * progress.BudgetPerSecond) : long.MaxValue;
        var grantsStored = !progress.Pagers.Any(p => p.Pager == MembershipsSync.PagerName && !p.Completed);
        var quiet = storeIdle && progress.WaitingForBudget && !progress.EtaIsLowerBound
            && (grantsStored || (progress.Percent >= MinPercentDone && remaining <= MaxRemainingPages && stored <= MaxStoredPages));
        _quietChecks = quiet ? _quietChecks + 1 : 0;
        return _quietChecks >= 2;
    }
}
