namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>What one endpoint's pager fetches and how it maps a page. The pager actor owns the streaming.</summary>
internal interface IPagerDefinition
{
    string Name { get; }

    IReadOnlyList<PageRequest> InitialRequests { get; }

    Task<PageOutcome> FetchAsync(PageRequest request, CancellationToken cancellationToken);
}
