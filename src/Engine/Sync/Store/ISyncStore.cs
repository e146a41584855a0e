using BatonClerk.Engine.Baton.V2;

namespace BatonClerk.Engine.Sync.Store;

/// <summary>
/// Where a sync's objects go. Only the C1Uploader actor calls it, from one thread at a time.
/// Disposing an uncompleted store discards everything and leaves any previous output untouched.
/// </summary>
public interface ISyncStore : IDisposable
{
    string SyncId { get; }

    void PutResourceTypes(IReadOnlyCollection<ResourceType> items);

    void PutResources(IReadOnlyCollection<Resource> items);

    void PutEntitlements(IReadOnlyCollection<Entitlement> items);

    void PutGrants(IReadOnlyCollection<Grant> items);

    /// <summary>Finishes the sync run and publishes the output atomically.</summary>
    StoreSummary Complete();
}

public sealed record StoreSummary(long ResourceTypes, long Resources, long Entitlements, long Grants, string? OutputPath, long OutputBytes);
