using BatonClerk.Engine.Baton.V2;

namespace BatonClerk.Engine.Sync.Uploader;

/// <summary>
/// One fetched page to write. The uploader answers <see cref="PageStored"/> once it is committed, or a failure; while
/// an idle step has the store, once it is held in order behind the step (a failure to store it then fails the sync).
/// </summary>
internal sealed record StorePage(
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

    /// <summary>
    /// The page's rows already encoded by the pager, for a store that <see cref="Store.ISyncStore.TakesEncodedRows"/>;
    /// the message lists are then empty. The uploader disposes it once written.
    /// </summary>
    public C1z.C1zRows? Rows { get; init; }
}

/// <summary>
/// The receipt of a <see cref="StorePage"/>: the page, its follow-ups and its catalog entry are committed, or held in
/// order to be (<see cref="HeldWrites"/>); a killed run loses a held page with its resume entries, never one without them.
/// </summary>
internal sealed record PageStored(string Key, int ItemCount);

/// <summary>Resume bookkeeping to save in order with the stored pages (no answer; a failure goes to the parent).</summary>
internal sealed record SaveState(IReadOnlyList<KeyValuePair<string, string>> Entries);

/// <summary>The resource types of the sync (no answer; a failure goes to the parent).</summary>
internal sealed record StoreResourceTypes(IReadOnlyList<ResourceType> Types);

/// <summary>
/// Finish the sync run and publish the file, provided every required pager finished and every page it planned is
/// stored; answered with <see cref="StoreCompleted"/>, or a failure naming what is missing or why delivery failed.
/// </summary>
internal sealed record CompleteStore(IReadOnlyCollection<string> RequiredPagers, C1z.C1zCompletion? Completion = null);

/// <summary>The published sync: what the store wrote and the ledger's pages planned and stored per pager.</summary>
internal sealed record StoreCompleted(Store.StoreSummary Stored, IReadOnlyDictionary<string, PageCount> Pages);

/// <summary>
/// The sync is waiting on the rate limit with little left: the store may do now what completion would do after the
/// last response (no answer; a failure goes to the parent).
/// </summary>
internal sealed record UseIdleTime
{
    public static readonly UseIdleTime Instance = new();
}
