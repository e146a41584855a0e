using BatonClerk.Engine.Sync.Pagers;

namespace BatonClerk.Engine.Sync;

/// <summary>
/// Turns the counters of a running sync into a progress snapshot. The ETA needs no history: the rate budget, not
/// Clerk, bounds the rate, so the requests still to make divided by the budget is the honest estimate.
/// </summary>
internal static class ProgressEstimate
{
    public static SyncProgress Snapshot(
        SyncMetrics metrics,
        IReadOnlyDictionary<string, PageWorkList> ledgers,
        IReadOnlySet<string> required,
        SyncSettings settings,
        TimeSpan elapsed)
    {
        var waiting = metrics.WaitingAtGate > 0;
        var pagers = new List<PagerProgressSnapshot>();
        long remaining = 0, done = 0;
        var unplanned = false;
        foreach (var name in required.Union(metrics.Pagers.Keys).Order(StringComparer.Ordinal))
        {
            // Read, never add: a snapshot must not create counters for pagers that have not started.
            var m = metrics.Pagers.TryGetValue(name, out var known) ? known : new PagerMetrics(name);
            var planned = ledgers.TryGetValue(name, out var ledger) ? ledger.IssuedCount : 0;
            var stored = m.Pages;
            var state = m.Completed ? PagerState.Done
                : planned == 0 ? PagerState.Queued
                : m.Fetching > 0 ? (waiting ? PagerState.WaitingForBudget : PagerState.Fetching)
                : PagerState.Storing;
            if (state == PagerState.Queued && !m.Completed)
            {
                unplanned = true;
            }

            if (!m.Completed)
            {
                // A total Clerk announced implies pages that cursors or follow-ups have not planned yet.
                var implied = m.Expected >= 0 ? CeilDiv(Math.Max(0, m.Expected - m.Items), settings.PageSize) : 0;
                remaining += Math.Max(Math.Max(0, planned - stored), implied);
            }

            done += stored;
            pagers.Add(new PagerProgressSnapshot(name, m.Items, m.Pages, m.Expected, m.Completed) { PlannedPages = planned, State = state });
        }

        var rate = settings.Budget.RequestsPerSecond;
        var total = done + remaining;
        return new SyncProgress(pagers, metrics.Requests, metrics.RateLimitedResponses, elapsed)
        {
            Retries = metrics.Retries,
            BudgetPerSecond = rate,
            WaitingForBudget = waiting,
            Percent = total == 0 ? 0 : Math.Round(100.0 * done / total, 1),
            EtaSeconds = total == 0 ? null : Math.Round(remaining / rate, 1),
            EtaIsLowerBound = unplanned,
        };
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
