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
}
