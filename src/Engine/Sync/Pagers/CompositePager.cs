namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>
/// Several offset lists walked as one pager, so they finish together: each request goes to the part whose
/// name its <see cref="OffsetPage.Pager"/> carries. Only the first part's items count as the pager's items; the
/// others feed the catalog and must not skew the count checked against the first part's total.
/// </summary>
internal sealed class CompositePager(string name, IReadOnlyList<IPagerDefinition> parts) : IPagerDefinition
{
    private readonly Dictionary<string, IPagerDefinition> _byName = parts.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public string Name => name;

    public IReadOnlyList<PageRequest> InitialRequests { get; } = [.. parts.SelectMany(p => p.InitialRequests)];

    public async Task<PageOutcome> FetchAsync(PageRequest request, CancellationToken cancellationToken)
    {
        if (request is not OffsetPage page || !_byName.TryGetValue(page.Pager, out var part))
        {
            throw new ArgumentException($"No part of the {name} pager handles {request.Key}.", nameof(request));
        }

        var outcome = await part.FetchAsync(request, cancellationToken).ConfigureAwait(false);
        return ReferenceEquals(part, parts[0]) ? outcome : outcome with { ItemCount = 0 };
    }
}
