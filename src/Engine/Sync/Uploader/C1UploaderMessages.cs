using BatonClerk.Engine.Baton.V2;

namespace BatonClerk.Engine.Sync.Uploader;

/// <summary>One stored page. The uploader answers <see cref="BatchStored"/> once it is committed.</summary>
public sealed record StoreBatch(
    string Pager,
    string Key,
    IReadOnlyList<Resource> Resources,
    IReadOnlyList<Entitlement> Entitlements,
    IReadOnlyList<Grant> Grants,
    int ItemCount)
{
    /// <summary>Requests this page revealed; saved with it so a resumed run knows what is left.</summary>
    public IReadOnlyList<Pagers.PageRequest> FollowUps { get; init; } = [];

    /// <summary>The page's contribution to the catalog, saved with it (see <see cref="Pagers.PageOutcome.CatalogEntry"/>).</summary>
    public string? CatalogEntry { get; init; }
}

/// <summary>Resume bookkeeping to save in order with the stored pages.</summary>
public sealed record SaveState(IReadOnlyList<KeyValuePair<string, string>> Entries);

public sealed record BatchStored(string Key, int ItemCount);

public sealed record StoreResourceTypes(IReadOnlyList<ResourceType> Types);

/// <summary>
/// Finish the sync run and publish the file, provided every required pager finished and every page it planned is
/// stored; answered with <see cref="StoreCompleted"/>, or a failure naming what is missing.
/// </summary>
public sealed record CompleteStore(IReadOnlyCollection<string> RequiredPagers, C1z.C1zCompletion? Completion = null);

/// <summary>The published sync: what the store wrote and the ledger's pages planned and stored per pager.</summary>
public sealed record StoreCompleted(Store.StoreSummary Stored, IReadOnlyDictionary<string, PageCount> Pages);
