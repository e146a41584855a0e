namespace BatonClerk.Engine.C1z;

/// <summary>
/// What the engine knows when a sync ends and the writer cannot work out itself: the kind of sync and its timings.
/// They go into v1_sync_runs (sync_type and the stats JSON); row counts per type are computed by the writer.
/// </summary>
internal sealed record C1zCompletion
{
    public static C1zCompletion Default { get; } = new();

    public C1zSyncType SyncType { get; init; } = C1zSyncType.Full;

    /// <summary>
    /// Milliseconds per step, keyed as the SDK keys its sync token (`list-resource-types`, `list-resources`,
    /// `list-entitlements`, `list-grants`, `rate_limit_wait`, ...). Empty: no timings are recorded.
    /// </summary>
    public IReadOnlyDictionary<string, long> StepDurationsMs { get; init; } = new Dictionary<string, long>();

    /// <summary>Per-call latency and outcome counters (the SDK keys them by connector RPC method).</summary>
    public IReadOnlyDictionary<string, C1zCallStat> ConnectorCallStats { get; init; } = new Dictionary<string, C1zCallStat>();
}

/// <summary>Cumulative counters of one named operation, as c1.reader.v2.CallStat.</summary>
internal sealed record C1zCallStat(long Count, long TotalMs, long MaxMs, long Errors = 0, long Timeouts = 0);
