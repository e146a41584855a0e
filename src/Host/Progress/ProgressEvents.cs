using BatonClerk.Engine.Sync;
using Serilog;

namespace BatonClerk.Host.Progress;

/// <summary>
/// Without a terminal: one structured "Sync progress" event per engine progress tick (every few seconds), with
/// the live view's fields as properties, so a log pipeline can chart a sync.
/// </summary>
internal sealed class ProgressEvents(ILogger log) : IProgressView
{
    private readonly RequestRate _rate = new();

    public void Report(SyncProgress progress)
    {
        var rate = _rate.Add(progress);
        var types = progress.Pagers
            .OrderBy(p => ResourceTypeLabels.Rank(p.Pager)).ThenBy(p => p.Pager, StringComparer.Ordinal)
            .ToDictionary(p => ResourceTypeLabels.For(p.Pager), p => new Dictionary<string, object?>
            {
                ["items"] = p.Items,
                ["expected"] = p.Expected >= 0 ? p.Expected : null,
                ["pages"] = p.Pages,
                ["planned_pages"] = p.PlannedPages,
                ["state"] = ProgressFormat.StateToken(p.State),
            }, StringComparer.Ordinal);
        log.ForContext("event", "sync_progress")
            .ForContext("types", types, destructureObjects: true)
            .ForContext("eta_is_lower_bound", progress.EtaIsLowerBound)
            .ForContext("waiting_for_budget", progress.WaitingForBudget)
            .ForContext("budget_per_second", progress.BudgetPerSecond)
            .Information(
                "Sync progress {percent:F1}%, ETA {eta_seconds} s; {requests} requests at {requests_per_second:F1} req/s, {rate_limited} 429s, {retries} retries",
                Math.Round(progress.Percent, 1), progress.EtaSeconds is { } eta ? Math.Ceiling(eta) : null,
                progress.Requests, Math.Round(rate, 2), progress.RateLimited, progress.Retries);
    }

    public void Finish()
    {
    }
}
