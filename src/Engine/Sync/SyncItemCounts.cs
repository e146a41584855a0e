namespace BatonClerk.Engine.Sync;

/// <summary>
/// Clerk objects a sync received, one count per kind; null for a kind this sync did not fetch (not selected, or
/// skipped with the grants). Memberships are not a resource type: they become grants.
/// </summary>
public sealed record SyncItemCounts
{
    public long? Users { get; init; }

    public long? Organizations { get; init; }

    public long? Roles { get; init; }

    public long? Permissions { get; init; }

    public long? Memberships { get; init; }

    /// <summary>The fetched kinds in sync order, by endpoint name (<c>users</c>, …, <c>memberships</c>), the names <see cref="SyncSummary.Pages"/> uses.</summary>
    public IEnumerable<KeyValuePair<string, long>> Fetched()
    {
        foreach (var (name, count) in new (string, long?)[]
                 {
                     (Resources.UsersSync.PagerName, Users),
                     (Resources.OrganizationsSync.PagerName, Organizations),
                     (Resources.RolesSync.PagerName, Roles),
                     (Resources.PermissionsSync.PagerName, Permissions),
                     (Resources.MembershipsSync.PagerName, Memberships),
                 })
        {
            if (count is { } value)
            {
                yield return new(name, value);
            }
        }
    }

    internal static SyncItemCounts From(IReadOnlyDictionary<string, long> byPager) => new()
    {
        Users = Of(byPager, Resources.UsersSync.PagerName),
        Organizations = Of(byPager, Resources.OrganizationsSync.PagerName),
        Roles = Of(byPager, Resources.RolesSync.PagerName),
        Permissions = Of(byPager, Resources.PermissionsSync.PagerName),
        Memberships = Of(byPager, Resources.MembershipsSync.PagerName),
    };

    private static long? Of(IReadOnlyDictionary<string, long> byPager, string pager) =>
        byPager.TryGetValue(pager, out var count) ? count : null;
}
