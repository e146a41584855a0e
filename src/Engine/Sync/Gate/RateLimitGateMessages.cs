namespace BatonClerk.Engine.Sync.Gate;

/// <summary>A permit for one HTTP attempt; a lower <paramref name="Priority"/> is served first (<see cref="GatePriority"/>).</summary>
internal sealed record RequestPermit(long Id, int Priority = GatePriority.Prerequisite);

internal sealed record PermitGranted(long Id);

/// <summary>The request holding the permit is over; its slot now counts from this moment for one window.</summary>
internal sealed record ReleasePermit(long Id);

/// <summary>Sent when the asker gave up (cancelled) so a queued permit is not spent on nobody.</summary>
internal sealed record WithdrawPermit(long Id);

/// <summary>A 429 was received: every request pauses until Retry-After has passed.</summary>
internal sealed record RateLimited(TimeSpan? RetryAfter);

internal sealed record GetGateStatus
{
    public static readonly GetGateStatus Instance = new();
}

internal sealed record GateStatus(long Granted, long RateLimited, int Waiting, DateTimeOffset PausedUntil, int InFlight);

internal sealed record RateLimitGateSettings(RateBudget Budget)
{
    /// <summary>Added to the window for clock granularity between this machine and Clerk's.</summary>
    public TimeSpan WindowMargin { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Used when a 429 carries no usable Retry-After; Clerk's observed pauses are 1 to 10 s.</summary>
    public TimeSpan DefaultRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// No permit before this long after the gate starts. A fleet gate that starts on a node after its key's shard
    /// moved there waits out one full window, so requests the previous node sent just before it died are never spent twice.
    /// </summary>
    public TimeSpan StartupHold { get; init; } = TimeSpan.Zero;

    public static RateLimitGateSettings For(SyncSettings settings) => new(settings.Budget)
    {
        WindowMargin = settings.GateWindowMargin,
        DefaultRetryAfter = settings.DefaultRetryAfter,
    };
}
