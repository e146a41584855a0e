namespace BatonClerk.Engine.Sync.Gate;

/// <summary>A permit for one HTTP attempt; a lower <paramref name="Priority"/> is served first (<see cref="GatePriority"/>).</summary>
internal sealed record RequestPermit(long Id, int Priority = GatePriority.Prerequisite)
{
    /// <summary>The pager whose announced demand (<see cref="ReserveDemand"/>) this request is one of; 0 for none.</summary>
    public long Demand { get; init; }
}

internal sealed record PermitGranted(long Id);

/// <summary>The request holding the permit is over; its slot now counts from this moment for one window.</summary>
internal sealed record ReleasePermit(long Id);

/// <summary>
/// <paramref name="Count"/> more requests of <paramref name="Pager"/> are to come at <paramref name="Priority"/>: the
/// gate keeps that many permits of the window for them (each of them, granted, uses one up), so a later priority
/// cannot spend the window they need.
/// </summary>
internal sealed record ReserveDemand(long Pager, int Priority, int Count);

/// <summary>The pager stopped: whatever it announced and never sent holds nobody back any more.</summary>
internal sealed record ReleaseDemand(long Pager);

/// <summary>
/// Requests a sync sent before its gate existed (its head start, <see cref="HeadStart.HeadStartCalls"/>): those still
/// in flight by their permit ids (each ended later by <see cref="ReleasePermit"/>), the others by their end times.
/// The gate counts them as its own, before it grants anything to the sync's pagers.
/// </summary>
internal sealed record AdoptPermits(IReadOnlyList<long> InFlight, IReadOnlyList<DateTimeOffset> Ended);

/// <summary>Sent when the asker gave up (cancelled) so a queued permit is not spent on nobody.</summary>
internal sealed record WithdrawPermit(long Id);

/// <summary>A 429 was received: every request pauses until Retry-After has passed.</summary>
internal sealed record RateLimited(TimeSpan? RetryAfter);

internal sealed record GetGateStatus
{
    public static readonly GetGateStatus Instance = new();
}

internal sealed record GateStatus(long Granted, long RateLimited, int Waiting, DateTimeOffset PausedUntil, int InFlight)
{
    /// <summary>Requests the pagers announced and have not sent yet, at priorities others wait behind.</summary>
    public int Reserved { get; init; }
}

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
