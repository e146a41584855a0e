namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>
/// Several offset lists walked as one pager, so they finish together: each request goes to the part whose
/// name its <see cref="OffsetPage.Pager"/> carries.
/// </summary>
public sealed class CompositePager(string name, IReadOnlyList<IPagerDefinition> parts) : IPagerDefinition
{
    private readonly Dictionary<string, IPagerDefinition> _byName = parts.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public string Name => name;

    public IReadOnlyList<PageRequest> InitialRequests { get; } = [.. parts.SelectMany(p => p.InitialRequests)];

    public Task<PageOutcome> FetchAsync(PageRequest request, CancellationToken cancellationToken) =>
        request is OffsetPage page && _byName.TryGetValue(page.Pager, out var part)
            ? part.FetchAsync(request, cancellationToken)
            : throw new ArgumentException($"No part of the {name} pager handles {request.Key}.", nameof(request));
}
