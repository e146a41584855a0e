using System.Collections.Concurrent;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync.Pagers;
using BatonClerk.Engine.Sync.Planning;
using BatonClerk.Engine.Sync.Uploader;

namespace BatonClerk.Engine.Sync;

/// <summary>Builds each endpoint's pager definition: which requests, and how a page maps to Baton objects.</summary>
public sealed class SyncPagers(ClerkCalls calls, SyncSettings settings, SyncCatalog catalog, SyncMetrics metrics, Action<string> warn)
{
    public const string Roles = "roles";
    public const string Permissions = "permissions";
    public const string Organizations = "organizations";
    public const string Memberships = "memberships";

    private readonly TargetedPagers _targeted = new(calls, settings, catalog);

    public IPagerDefinition CreateRoles() => new OffsetPager<ClerkRole>(
        Roles,
        settings.PageSize,
        [OffsetPager<ClerkRole>.First(Roles)],
        (_, q, ct) => OptionalFeature(Roles, () => calls.RunAsync((api, c) => api.ListRolesAsync(q, c), ct)),
        (_, roles) =>
        {
            catalog.AddRoles(roles);
            var resources = settings.Syncs(ResourceTypes.RoleId) ? roles.Select(RoleMapper.Map).ToList() : [];
            return new PageOutcome { Resources = resources, CatalogEntry = ResumeKeys.Serialize(roles.Select(r => r with { Permissions = null }).ToList()) };
        },
        metrics.For(Roles),
        r => r.Id);

    public IPagerDefinition CreatePermissions() => new OffsetPager<ClerkPermission>(
        Permissions,
        settings.PageSize,
        [OffsetPager<ClerkPermission>.First(Permissions)],
        (_, q, ct) => OptionalFeature(Permissions, () => calls.RunAsync((api, c) => api.ListPermissionsAsync(q, c), ct)),
        (_, permissions) => new PageOutcome { Resources = [.. permissions.Select(PermissionMapper.Map)] },
        metrics.For(Permissions),
        p => p.Id);

    public IPagerDefinition CreateUsers() => settings.Scope.IsTargeted ? _targeted.CreateUsers() : new UsersPager(
        (call, ct) => calls.RunAsync(call, ct),
        (q, ct) => calls.RunAsync((api, c) => api.CountUsersAsync(q, c), ct),
        new UsersPagerSettings(settings.PageSize, settings.UsersCursorThreshold, settings.UserPartitions),
        users => new PageOutcome { Resources = [.. users.Select(UserMapper.Map)] },
        metrics.For(UsersPager.PagerName),
        warn);

    public IPagerDefinition CreateOrganizations() => settings.Scope.IsTargeted ? _targeted.CreateOrganizations() : new OffsetPager<ClerkOrganization>(
        Organizations,
        settings.PageSize,
        [OffsetPager<ClerkOrganization>.First(Organizations)],
        (_, q, ct) => calls.RunAsync((api, c) => api.ListOrganizationsAsync(q with { IncludeMembersCount = true }, c), ct),
        (_, organizations) =>
        {
            var resources = new List<Resource>(organizations.Count);
            var entitlements = new List<Entitlement>(organizations.Count * (1 + catalog.Roles.Count));
            var members = new Dictionary<string, int>(organizations.Count, StringComparer.Ordinal);
            foreach (var organization in organizations)
            {
                catalog.AddOrganization(organization.Id, organization.MembersCount);
                members[organization.Id] = organization.MembersCount ?? -1;
                var resource = OrganizationMapper.Map(organization);
                resources.Add(resource);
                entitlements.AddRange(OrganizationMapper.Entitlements(resource, catalog.Roles));
            }

            return new PageOutcome
            {
                Resources = resources,
                Entitlements = settings.SyncsEntitlements ? entitlements : [],
                CatalogEntry = ResumeKeys.Serialize(members),
            };
        },
        metrics.For(Organizations),
        o => o.Id);

    public (IPagerDefinition Pager, MembershipPlan Plan) CreateMemberships()
    {
        var counts = catalog.OrganizationMembers;
        // An organization whose count Clerk did not give (-1) must be read; assume one page.
        var plan = MembershipPlanner.Plan(settings.MembershipStrategy, [.. counts.Values.Select(c => c < 0 ? 1 : c)], settings.PageSize);
        IReadOnlyList<OffsetPage> initial;
        if (plan.Strategy == MembershipStrategy.Instance)
        {
            initial = [OffsetPager<ClerkMembership>.First(Memberships)];
        }
        else
        {
            var pages = new List<OffsetPage>();
            foreach (var (orgId, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                if (count < 0)
                {
                    pages.Add(new OffsetPage(Memberships, orgId, 0, null));
                    continue;
                }

                metrics.For(Memberships).AddExpected(count);
                for (long offset = 0; offset < count; offset += settings.PageSize)
                {
                    pages.Add(new OffsetPage(Memberships, orgId, offset, count));
                }
            }

            initial = pages;
        }

        var instance = plan.Strategy == MembershipStrategy.Instance;
        var pager = new OffsetPager<ClerkMembership>(
            Memberships,
            settings.PageSize,
            initial,
            (scope, q, ct) => instance
                ? calls.RunAsync((api, c) => api.ListInstanceMembershipsAsync(q, c), ct)
                : calls.RunAsync((api, c) => api.ListOrganizationMembershipsAsync(scope, q, c), ct),
            (scope, memberships) => MapMemberships(instance ? null : scope, memberships),
            metrics.For(Memberships),
            m => m.Id);
        return (pager, plan);
    }

    private PageOutcome MapMemberships(string? organizationId, IReadOnlyList<ClerkMembership> memberships)
    {
        var grants = new List<Grant>(memberships.Count * 2);
        foreach (var membership in memberships)
        {
            var unresolved = MembershipMapper.Map(membership, organizationId, catalog.RoleIdsByKey, grants);
            if (unresolved is not null && catalog.FirstUnresolved(unresolved))
            {
                warn($"Role key '{unresolved}' matches no organization role; its members get the member grant only.");
            }
        }

        return new PageOutcome { Grants = grants };
    }

    private async Task<ClerkPage<T>> OptionalFeature<T>(string what, Func<Task<ClerkPage<T>>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ClerkApiException e) when (e.Kind == ClerkErrorKind.FeatureNotEnabled)
        {
            warn($"Clerk refused to list organization {what} (the feature is not enabled on this instance); syncing none.");
            return new ClerkPage<T>([], 0);
        }
    }
}
