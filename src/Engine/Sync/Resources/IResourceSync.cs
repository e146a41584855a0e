using BatonClerk.Engine.Sync.Pagers;

namespace BatonClerk.Engine.Sync.Resources;

/// <summary>
/// One endpoint's part of a sync, the way a Go connector has one file per resource type: what it fetches (its
/// pager), what must finish before it starts, whether this configuration needs it, what it checkpoints when it
/// finishes, and which of the SDK's step buckets its time counts in. The supervisor only orders them.
/// </summary>
internal interface IResourceSync
{
    /// <summary>The pager's name: it keys the resume entries, the ledger and the per-pager counts.</summary>
    string Name { get; }

    /// <summary>Syncs that must have finished (or not be needed) before this one's pages are mapped.</summary>
    IReadOnlyList<string> After { get; }

    bool IsNeeded(SyncSettings settings);

    /// <summary>
    /// Syncs that must have finished (or not be needed) before this one's requests start; by default all of
    /// <see cref="After"/>. When fewer, its pages wait for the rest (<see cref="SyncContext.WaitForAsync"/>) before
    /// they are mapped.
    /// </summary>
    IReadOnlyList<string> StartsAfter(SyncSettings settings) => After;

    /// <summary>The SDK's step bucket (step_durations_ms) this sync's wall time is added to.</summary>
    string Step(SyncSettings settings) => "list-resources";

    /// <summary>Called once when the configuration does not need this sync (e.g. so dependants see an empty catalog).</summary>
    void Skip(SyncContext context)
    {
    }

    IPagerDefinition Create(SyncContext context);

    /// <summary>What <see cref="Create"/> decided, to log when the pager starts; null when there is nothing to say.</summary>
    string? PlanNote => null;

    /// <summary>Catalog entries saved when the sync finishes, before anything that depends on it starts.</summary>
    IEnumerable<KeyValuePair<string, string>> OnFinished(SyncContext context) => [];

    /// <summary>Warnings that sum up the whole run, added once when the sync completes.</summary>
    IEnumerable<string> ClosingWarnings() => [];
}
