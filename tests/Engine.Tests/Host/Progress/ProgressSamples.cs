using BatonClerk.Engine.Sync;

namespace BatonClerk.Engine.Tests.Host.Progress;

/// <summary>A mid-sync snapshot as the engine reports it: users paging, memberships queued, roles done.</summary>
internal static class ProgressSamples
{
    public static SyncProgress MidSync(double? eta = 192, bool lowerBound = false, bool waiting = true) => new(
        [
            new PagerProgressSnapshot("roles", 3, 1, 3, true) { PlannedPages = 1, State = PagerState.Done },
            new PagerProgressSnapshot("users", 1000, 2, 5000, false) { PlannedPages = 10, State = PagerState.WaitingForBudget },
            new PagerProgressSnapshot("organizations", 150, 1, -1, false) { PlannedPages = 2, State = PagerState.Fetching },
            new PagerProgressSnapshot("memberships", 0, 0, -1, false) { PlannedPages = 0, State = PagerState.Queued },
        ],
        Requests: 41,
        RateLimited: 3,
        Elapsed: TimeSpan.FromSeconds(10))
    {
        Retries = 2,
        BudgetPerSecond = 5,
        WaitingForBudget = waiting,
        Percent = 37.5,
        EtaSeconds = eta,
        EtaIsLowerBound = lowerBound,
    };
}
