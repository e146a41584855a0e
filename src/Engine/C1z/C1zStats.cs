namespace BatonClerk.Engine.C1z;

/// <summary>Row counts of one sync (or of the whole file when no sync is selected).</summary>
public sealed record C1zStats(
    string? SyncId,
    long ResourceTypes,
    long Entitlements,
    long Grants,
    IReadOnlyDictionary<string, long> ResourcesByType)
{
    public long Resources => ResourcesByType.Values.Sum();
}
