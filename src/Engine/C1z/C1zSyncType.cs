namespace BatonClerk.Engine.C1z;

/// <summary>The v1_sync_runs.sync_type values a connector sync can produce.</summary>
public enum C1zSyncType
{
    /// <summary>Every selected resource type with its entitlements and grants.</summary>
    Full,

    /// <summary>Resources only: entitlements and grants were skipped.</summary>
    ResourcesOnly,

    /// <summary>A targeted sync of named resources.</summary>
    Partial,
}

internal static class C1zSyncTypes
{
    /// <summary>
    /// The SDK's rule: a targeted sync is partial even when it skips entitlements and grants; otherwise skipping them
    /// makes it resources_only. Syncing a subset of resource types is still full.
    /// </summary>
    public static C1zSyncType Of(bool targeted, bool skipEntitlementsAndGrants) =>
        targeted ? C1zSyncType.Partial
        : skipEntitlementsAndGrants ? C1zSyncType.ResourcesOnly
        : C1zSyncType.Full;

    /// <summary>The text stored in sync_type.</summary>
    public static string Text(this C1zSyncType type) => type switch
    {
        C1zSyncType.Full => Full,
        C1zSyncType.ResourcesOnly => ResourcesOnly,
        C1zSyncType.Partial => Partial,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown sync type"),
    };

    internal const string Full = "full";
    internal const string ResourcesOnly = "resources_only";
    internal const string Partial = "partial";
    internal const string PartialUpserts = "partial_upserts";
    internal const string PartialDeletions = "partial_deletions";
}
