namespace BatonClerk.Engine.C1z;

/// <summary>One v1_sync_runs row. Times are the stored local wall-clock text, unparsed.</summary>
public sealed record C1zSyncRun(
    string SyncId,
    string StartedAt,
    string? EndedAt,
    string SyncType,
    string ParentSyncId,
    string SyncToken)
{
    public bool IsFinished => EndedAt is not null;

    /// <summary>The other half of a diff pair (partial_upserts / partial_deletions); empty otherwise.</summary>
    public string LinkedSyncId { get; init; } = "";
}
