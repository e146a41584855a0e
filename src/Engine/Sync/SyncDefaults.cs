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
