using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;
using BatonClerk.Engine.Sync.Pagers;

namespace BatonClerk.Engine.Tests.Sync;

public sealed class ProgressEstimateTests
{
    private static readonly SyncSettings Settings = new() { Budget = new RateBudget(50, TimeSpan.FromSeconds(10)), PageSize = 100 };

    private static PageWorkList Planned(int pages, int stored)
    {
        var progress = new PageWorkList();
        var requests = Enumerable.Range(0, pages).Select(i => new OffsetPage("x", "all", i * 100, null)).ToList();
        progress.Issue(requests);
        foreach (var r in requests.Take(stored))
        {
            progress.MarkStored(r.Key);
        }

        return progress;
    }

    [Fact]
    public void Snapshot_RemainingPlannedPages_EtaIsThemOverTheBudget()
    {
        var metrics = new SyncMetrics();
        metrics.For("users").AddExpected(1000);
        for (var i = 0; i < 4; i++)
        {
            metrics.For("users").PageStored(100);
        }

        var ledgers = new Dictionary<string, PageWorkList> { ["users"] = Planned(10, 4) };

        var progress = ProgressEstimate.Snapshot(metrics, ledgers, new HashSet<string> { "users" }, Settings, TimeSpan.FromSeconds(3));

        // 6 pages left at 5 requests per second.
        Assert.Equal(1.2, progress.EtaSeconds);
        Assert.Equal(40, progress.Percent);
        Assert.False(progress.EtaIsLowerBound);
        var users = Assert.Single(progress.Pagers);
        Assert.Equal(10, users.PlannedPages);
        Assert.Equal(PagerState.Storing, users.State);
        Assert.Equal(5, progress.BudgetPerSecond);
    }

    [Fact]
    public void Snapshot_AnnouncedTotalBeyondThePlan_CountsTheImpliedPages()
    {
        // A cursor walk plans one page at a time; Clerk's count says 20 pages are coming.
        var metrics = new SyncMetrics();
        metrics.For("users").AddExpected(2000);
        metrics.For("users").PageStored(100);
        var ledgers = new Dictionary<string, PageWorkList> { ["users"] = Planned(2, 1) };

        var progress = ProgressEstimate.Snapshot(metrics, ledgers, new HashSet<string> { "users" }, Settings, TimeSpan.Zero);

        Assert.Equal(19 / 5.0, progress.EtaSeconds);
    }

    [Fact]
    public void Snapshot_PhaseNotStartedYet_IsQueuedAndTheEtaALowerBound()
    {
        var metrics = new SyncMetrics();
        var ledgers = new Dictionary<string, PageWorkList> { ["organizations"] = Planned(3, 1) };
        metrics.For("organizations").PageStored(100);

        var progress = ProgressEstimate.Snapshot(metrics, ledgers, new HashSet<string> { "organizations", "memberships" }, Settings, TimeSpan.Zero);

        Assert.Equal(PagerState.Queued, progress.Pagers.Single(p => p.Pager == "memberships").State);
        Assert.True(progress.EtaIsLowerBound);
        Assert.Equal(0.4, progress.EtaSeconds);
    }

    [Fact]
    public void Snapshot_RequestsQueuedAtTheGate_SaysSo()
    {
        var metrics = new SyncMetrics();
        metrics.GateWaitStarted();
        metrics.For("users").FetchStarted();
        var ledgers = new Dictionary<string, PageWorkList> { ["users"] = Planned(3, 0) };

        var progress = ProgressEstimate.Snapshot(metrics, ledgers, new HashSet<string> { "users" }, Settings, TimeSpan.Zero);

        Assert.True(progress.WaitingForBudget);
        Assert.Equal(PagerState.WaitingForBudget, progress.Pagers[0].State);
    }
}
