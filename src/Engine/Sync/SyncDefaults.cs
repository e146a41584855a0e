namespace BatonClerk.Engine.Sync;

/// <summary>
/// The one place every sync default and range is written. The options, the engine settings, the executable's setting
/// declarations (flags, help, <c>config</c> output) and its HOCON defaults all read these.
/// </summary>
public static class SyncDefaults
{
    public const string OutputPath = "sync.c1z";

    public const double RateLimitShare = 0.5;

    /// <summary>Requests in flight per pager: the gate bounds the rate, this only has to cover Clerk's latency.</summary>
    public const int Parallelism = 16;
    public const int MaxParallelism = 256;

    /// <summary>
    /// Requests in flight per pager when the budget is at most <see cref="SmallBudgetRequestsPerSecond"/>. With such a
    /// budget the engine's two cores never fall behind the answers, so more in flight costs no memory that waits; it
    /// lets a window's budget leave within about one latency, which the sliding window then keeps for every later
    /// window (at 10 requests/s and 500 ms latency: ratio 1.19 at 16, 1.14 at 48; docs/perf-issue15.md, round 12).
    /// Larger budgets keep 16: there the cores are the limit, and at 1M users 48 in flight held 60 MiB more answers.
    /// </summary>
    public const int SmallBudgetParallelism = 48;

    /// <summary>The largest budget that gets <see cref="SmallBudgetParallelism"/> (Clerk's development limit is 10/s).</summary>
    public const double SmallBudgetRequestsPerSecond = 20;

    /// <summary>The in-flight limit a sync with this budget uses when none is configured.</summary>
    public static int ParallelismFor(Gate.RateBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return budget.RequestsPerSecond <= SmallBudgetRequestsPerSecond ? SmallBudgetParallelism : Parallelism;
    }

    /// <summary>Clerk's maximum page size; fewer rows per page only means more requests.</summary>
    public const int PageSize = MaxPageSize;
    public const int MaxPageSize = Clerk.ClerkQuery.MaxLimit;

    public const long UsersCursorThreshold = 50_000;

    public const int UserPartitions = 16;
    public const int MaxUserPartitions = 256;

    public const int AttemptTimeoutSeconds = 30;

    /// <summary>baton-sdk's bound of <c>--http-timeout-seconds</c>, which sets the same per-request timeout.</summary>
    public const int MaxAttemptTimeoutSeconds = 1800;

    public const int MaxRetryAttempts = 4;
    public const int MaxMaxRetryAttempts = 20;

    public const int ProgressIntervalSeconds = 5;

    public const int StoreCacheMiB = 32;
    public const int MaxStoreCacheMiB = 4096;

    public const int StoreCommitRows = 20_000;
    public const int MaxStoreCommitRows = 1_000_000;

    public static TimeSpan AttemptTimeout => TimeSpan.FromSeconds(AttemptTimeoutSeconds);

    public static TimeSpan MaxAttemptTimeout => TimeSpan.FromSeconds(MaxAttemptTimeoutSeconds);

    public static TimeSpan ProgressInterval => TimeSpan.FromSeconds(ProgressIntervalSeconds);
}
