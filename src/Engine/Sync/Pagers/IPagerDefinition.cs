namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>What one endpoint's pager fetches and how it maps a page. The pager actor owns the streaming.</summary>
internal interface IPagerDefinition
{
    string Name { get; }

    IReadOnlyList<PageRequest> InitialRequests { get; }

    Task<PageOutcome> FetchAsync(PageRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The requests the whole walk is expected to take, when that is known before its first page (0 when not): the
    /// gate keeps permits for them from the start instead of from when the first page tells the rest.
    /// </summary>
    long ExpectedRequests => 0;
}
