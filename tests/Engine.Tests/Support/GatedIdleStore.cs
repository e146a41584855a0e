using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Sync.Store;

namespace BatonClerk.Engine.Tests.Support;

/// <summary>A store whose first idle step waits for the test to release it, after saying it started.</summary>
internal sealed class GatedIdleStore(ISyncStore inner) : ISyncStore
{
    private int _steps;

    public ManualResetEventSlim InFirstStep { get; } = new();

    public ManualResetEventSlim Release { get; } = new();

    public string SyncId => inner.SyncId;

    public bool Resumed => inner.Resumed;

    public bool TakesEncodedRows => inner.TakesEncodedRows;

    public string? SpoolDirectory => inner.SpoolDirectory;

    public IReadOnlyDictionary<string, string> LoadState() => inner.LoadState();

    public void SaveState(IReadOnlyCollection<KeyValuePair<string, string>> entries) => inner.SaveState(entries);

    public void PutResourceTypes(IReadOnlyCollection<ResourceType> items) => inner.PutResourceTypes(items);

    public void PutResources(IReadOnlyCollection<Resource> items) => inner.PutResources(items);

    public void PutEntitlements(IReadOnlyCollection<Entitlement> items) => inner.PutEntitlements(items);

    public void PutGrants(IReadOnlyCollection<Grant> items) => inner.PutGrants(items);

    public void PutRows(BatonClerk.Engine.C1z.C1zRows rows) => inner.PutRows(rows);

    public IdleWork UseIdleTime()
    {
        if (Interlocked.Increment(ref _steps) == 1)
        {
            InFirstStep.Set();
            Release.Wait(TimeSpan.FromSeconds(30));
        }

        return inner.UseIdleTime();
    }

    public void Interrupt() => inner.Interrupt();

    public StoreSummary Complete(BatonClerk.Engine.C1z.C1zCompletion completion) => inner.Complete(completion);

    public void Dispose()
    {
        inner.Dispose();
        InFirstStep.Dispose();
        Release.Dispose();
    }
}
