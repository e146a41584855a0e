using BatonClerk.Engine.Clerk;

namespace BatonClerk.Engine.Sync.HeadStart;

/// <summary>INTERNAL API. One early call: the endpoint's method and its query, compared by value.</summary>
internal readonly record struct HeadStartKey(string Endpoint, object Query);

/// <summary>INTERNAL API. A call the head start makes, and how to make it.</summary>
internal sealed record HeadStartCall(HeadStartKey Key, Func<IClerkApi, CancellationToken, Task> Send)
{
    public const string Roles = "roles";
    public const string RoleSets = "role_sets";
    public const string Permissions = "permissions";
    public const string Organizations = "organizations";
    public const string UsersCount = "users_count";

    /// <summary>
    /// The first request of each pager that starts with nothing to learn first, in a fresh full sync of these
    /// settings: what those pagers ask once they start (the test holding them to it compares the requests of a sync
    /// with and without a head start). Memberships are left out: an instance without organizations never gets asked.
    /// </summary>
    public static IReadOnlyList<HeadStartCall> Plan(SyncSettings settings)
    {
        if (settings.Scope.IsTargeted)
        {
            return [];
        }

        var first = new PageQuery(settings.PageSize, 0);
        var calls = new List<HeadStartCall>();
        var organizations = settings.Syncs(Mapping.ResourceTypes.OrganizationId);
        if (settings.Syncs(Mapping.ResourceTypes.RoleId) || organizations)
        {
            calls.Add(new(new(Roles, first), (api, ct) => api.ListRolesAsync(first, ct)));
        }

        if (organizations)
        {
            calls.Add(new(new(RoleSets, first), (api, ct) => api.ListRoleSetsAsync(first, ct)));
            var withCounts = first with { IncludeMembersCount = true };
            calls.Add(new(new(Organizations, withCounts), (api, ct) => api.ListOrganizationsAsync(withCounts, ct)));
        }

        if (settings.Syncs(Mapping.ResourceTypes.PermissionId))
        {
            calls.Add(new(new(Permissions, first), (api, ct) => api.ListPermissionsAsync(first, ct)));
        }

        if (settings.Syncs(Mapping.ResourceTypes.UserId))
        {
            var count = new UserCountQuery();
            calls.Add(new(new(UsersCount, count), (api, ct) => api.CountUsersAsync(count, ct)));
        }

        // A budget this small is a test's or a throttled key's: the early requests would be a large share of it.
        return settings.Budget.RequestsPerWindow >= 4 * calls.Count ? calls : [];
    }
}
