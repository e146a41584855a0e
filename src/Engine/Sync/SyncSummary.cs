namespace BatonClerk.Engine.Sync;

/// <summary>What one finished sync produced and what it cost.</summary>
public sealed record SyncSummary
{
    public required string SyncId { get; init; }

    public string? OutputPath { get; init; }

    public long OutputBytes { get; init; }

    /// <summary>Clerk objects received, per kind (users, organizations, roles, permissions, memberships).</summary>
    public required SyncItemCounts Items { get; init; }

    public long Resources { get; init; }

    public long Entitlements { get; init; }

    public long Grants { get; init; }

    public long Requests { get; init; }

    public long RateLimited { get; init; }

    public long Retries { get; init; }

    public TimeSpan Duration { get; init; }

    public string UsersPlan { get; init; } = "";

    public string MembershipPlan { get; init; } = "";

    /// <summary>Pages planned and pages stored per endpoint, from the ledger that proved the sync complete.</summary>
    public IReadOnlyDictionary<string, Uploader.PageCount> Pages { get; init; } = new Dictionary<string, Uploader.PageCount>();

    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>A snapshot for progress views: per pager items and pages, request counters, and the time left.</summary>
public sealed record SyncProgress(
    IReadOnlyList<PagerProgressSnapshot> Pagers,
    long Requests,
    long RateLimited,
    TimeSpan Elapsed)
{
    /// <summary>Attempts the client's retry policy spent (failed attempts that were not 429s).</summary>
    public long Retries { get; init; }

    /// <summary>The rate budget, in requests per second.</summary>
    public double BudgetPerSecond { get; init; }

    /// <summary>True while requests are queued at the rate-limit gate (the budget, not Clerk, is the limit now).</summary>
    public bool WaitingForBudget { get; init; }

    /// <summary>Share of the planned requests already answered and stored, 0..100.</summary>
    public double Percent { get; init; }

    /// <summary>
    /// Seconds left: the requests still planned (or implied by Clerk's announced totals) divided by the rate budget.
    /// Null before anything is planned.
    /// </summary>
    public double? EtaSeconds { get; init; }

    /// <summary>True while some endpoint has not planned its pages yet, so the ETA can only grow.</summary>
    public bool EtaIsLowerBound { get; init; }
}

/// <summary>What one endpoint is doing right now.</summary>
public enum PagerState
{
    /// <summary>Waiting for an earlier phase (memberships wait for organizations and roles).</summary>
    Queued,

    /// <summary>Its requests wait for a permit of the rate-limit gate.</summary>
    WaitingForBudget,

    Fetching,

    /// <summary>Pages are fetched and being written; no request is in flight.</summary>
    Storing,

    Done,
}

/// <summary>One endpoint in a progress snapshot: Clerk objects and pages stored, what Clerk announced (-1 unknown), whether it finished.</summary>
public sealed record PagerProgressSnapshot(string Pager, long Items, long Pages, long Expected, bool Completed)
{
    /// <summary>Page requests planned so far (grows as totals and cursors reveal more).</summary>
    public long PlannedPages { get; init; }

    public PagerState State { get; init; }
}
