using SyncFullTask = BatonClerk.Engine.Baton.ServiceV1.Task.Types.SyncFullTask;

namespace BatonClerk.Engine.Sync;

/// <summary>Reads a C1 SyncFull task's options into a sync scope.</summary>
internal static class SyncFullTaskScope
{
    /// <summary>
    /// <c>skip_expand_grants</c> needs nothing: this connector writes no expandable grants. <c>storage_engine</c> is
    /// not read here: only v1 (SQLite) is written, whatever the task asks (the task handler logs a pebble request).
    /// </summary>
    public static SyncScope From(SyncFullTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new SyncScope
        {
            ResourceTypes = [.. task.SyncResourceTypeIds.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal)],
            SkipEntitlementsAndGrants = task.SkipEntitlementsAndGrants,
            SkipGrants = task.SkipGrants,
            Targets = [.. task.TargetedSyncResources.Select(r => new TargetedResource(r.Id?.ResourceType ?? "", r.Id?.Resource ?? ""))],
        };
    }
}
