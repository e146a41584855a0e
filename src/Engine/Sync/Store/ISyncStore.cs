using BatonClerk.Engine.Baton.V2;

namespace BatonClerk.Engine.Sync.Store;

/// <summary>
/// Where a sync's objects go. Only the C1Uploader actor calls it, from one thread at a time.
/// Disposing an uncompleted store discards everything and leaves any previous output untouched.
/// </summary>
internal interface ISyncStore : IDisposable
{
    string SyncId { get; }

    void PutResourceTypes(IReadOnlyCollection<ResourceType> items);

    void PutResources(IReadOnlyCollection<Resource> items);

    void PutEntitlements(IReadOnlyCollection<Entitlement> items);

    void PutGrants(IReadOnlyCollection<Grant> items);

    /// <summary>
    /// True when the store takes pages as <see cref="C1z.C1zRows"/> through <see cref="PutRows"/>: the pagers then
    /// encode each page on their own threads and hand the store bytes instead of messages.
    /// </summary>
    bool TakesEncodedRows => false;

    /// <summary>Writes a page the pagers encoded; only called when <see cref="TakesEncodedRows"/> is true.</summary>
    void PutRows(C1z.C1zRows rows) => throw new NotSupportedException("This store takes Baton messages, not encoded rows.");

    /// <summary>
    /// The sync is waiting on the rate limit with little left to fetch: the store may do now a step of the work that
    /// <see cref="Complete"/> would otherwise do after the last response. One step per call, so a page that arrives
    /// meanwhile waits for one step at most: the caller calls again, after such pages, while it says more is left.
    /// </summary>
    IdleWork UseIdleTime() => IdleWork.Nothing;

    /// <summary>
    /// Asks a <see cref="UseIdleTime"/> step running on another thread to stop soon (it then throws); the only call
    /// that may come from another thread while a step runs.
    /// </summary>
    void Interrupt()
    {
    }

    /// <summary>
    /// A directory on the store's own volume where the uploader may spool the pages it holds while an idle step
    /// runs; null keeps them in memory (stores whose pages are small, and tests).
    /// </summary>
    string? SpoolDirectory => null;

    /// <summary>True when an interrupted sync was reopened; <see cref="LoadState"/> then says what it stored.</summary>
    bool Resumed { get; }

    IReadOnlyDictionary<string, string> LoadState();

    /// <summary>Records progress so a killed run can resume; stores that cannot resume ignore it.</summary>
    void SaveState(IReadOnlyCollection<KeyValuePair<string, string>> entries);

    /// <summary>Finishes the sync run (its type and timings as <paramref name="completion"/> says) and publishes the output atomically.</summary>
    StoreSummary Complete(C1z.C1zCompletion completion);
}

/// <summary>What one <see cref="ISyncStore.UseIdleTime"/> call did.</summary>
internal enum IdleWork
{
    /// <summary>Nothing was left to do now.</summary>
    Nothing,

    /// <summary>A step was done and more are left.</summary>
    MoreLeft,

    /// <summary>The last step was done.</summary>
    Finished,
}

internal sealed record StoreSummary(long ResourceTypes, long Resources, long Entitlements, long Grants, string? OutputPath, long OutputBytes);
