namespace BatonClerk.Engine.C1z;

/// <summary>What <see cref="C1zWriter.Complete"/> produced: row counts after upserts and the packed file size.</summary>
internal sealed record C1zWriteSummary(
    string Path,
    string SyncId,
    long ResourceTypes,
    long Resources,
    long Entitlements,
    long Grants,
    long DatabaseBytes,
    long FileBytes)
{
    /// <summary>The earlier syncs carried over from the replaced file, oldest first; empty for a fresh file.</summary>
    public IReadOnlyList<string> PreviousSyncIds { get; init; } = [];

    /// <summary>How long each step of completing took, in order (for the benchmarks' breakdown of the end of a sync).</summary>
    public IReadOnlyList<KeyValuePair<string, TimeSpan>> Phases { get; init; } = [];
}
