using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;

namespace BatonClerk.Engine.Sync.Store;

/// <summary>The production store: a c1z v1 file published atomically when the sync completes.</summary>
internal sealed class C1zSyncStore(C1zWriter writer) : ISyncStore
{
    public string SyncId => writer.SyncId;

    public bool Resumed => writer.Resumed;

    public IReadOnlyDictionary<string, string> LoadState() => writer.LoadState();

    public void SaveState(IReadOnlyCollection<KeyValuePair<string, string>> entries) => writer.SaveState(entries);

    public void PutResourceTypes(IReadOnlyCollection<ResourceType> items) => writer.PutResourceTypes(items);

    public void PutResources(IReadOnlyCollection<Resource> items) => writer.PutResources(items);

    public void PutEntitlements(IReadOnlyCollection<Entitlement> items) => writer.PutEntitlements(items);

    public void PutGrants(IReadOnlyCollection<Grant> items) => writer.PutGrants(items);

    public bool TakesEncodedRows => true;

    public void PutRows(C1zRows rows) => writer.PutRows(rows);

    public IdleWork UseIdleTime() => writer.BuildNextDeferredIndex() switch
    {
        { Built: false } => IdleWork.Nothing,
        { Left: 0 } => IdleWork.Finished,
        _ => IdleWork.MoreLeft,
    };

    public void Interrupt() => writer.Interrupt();

    public string? SpoolDirectory => writer.WorkingDirectory;

    public StoreSummary Complete(C1zCompletion completion)
    {
        var written = writer.Complete(completion);
        return new StoreSummary(written.ResourceTypes, written.Resources, written.Entitlements, written.Grants, written.Path, written.FileBytes);
    }

    public void Dispose() => writer.Dispose();
}
