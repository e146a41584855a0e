namespace BatonClerk.Engine.C1z;

/// <summary>What <see cref="C1zWriter.Complete"/> produced: row counts after upserts and the packed file size.</summary>
public sealed record C1zWriteSummary(
    string Path,
    string SyncId,
    long ResourceTypes,
    long Resources,
    long Entitlements,
    long Grants,
    long DatabaseBytes,
    long FileBytes);
