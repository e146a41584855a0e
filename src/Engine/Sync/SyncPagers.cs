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
    public const string RoleSets = "role_sets";
    public const string Permissions = "permissions";
    public const string Organizations = "organizations";
    public const string Memberships = "memberships";

    private readonly TargetedPagers _targeted = new(calls, settings, catalog);
    private long _membershipsWithoutUser;
    private long _rolesOutsideSet;

    /// <summary>
    /// Roles, and with them the role sets when organizations are synced: both must be known before the first
    /// organization's entitlements are written. One pager, so the supervisor's ordering stays as it was.
    /// </summary>
    public IPagerDefinition CreateRoles()
    {
        var roles = new OffsetPager<ClerkRole>(
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
        if (!settings.Syncs(ResourceTypes.OrganizationId))
        {
            return roles;
        }

        // Role sets are catalog data, not Baton objects: their own metrics stay out of the sync's item counts.
        var roleSets = new OffsetPager<ClerkRoleSet>(
            RoleSets,
            settings.PageSize,
            [OffsetPager<ClerkRoleSet>.First(RoleSets)],
            (_, q, ct) => RoleSetsAsync(q, ct),
            (_, sets) =>
            {
                catalog.AddRoleSets(sets);
                // Saved with the page: a resumed run rebuilds the role sets (or their absence) without fetching it.
                return new PageOutcome { CatalogEntry = ResumeKeys.Serialize(new RoleSetCatalog(catalog.RoleSetsKnown, [.. sets.Select(RoleSetEntry.From)])) };
            },
            new PagerMetrics(RoleSets),
            s => s.Id);
        return new CompositePager(Roles, [roles, roleSets]);
    }

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
        users =>
        {
            var now = settings.Time.GetUtcNow();
            return new PageOutcome { Resources = [.. users.Select(u => UserMapper.Map(u, now))] };
        },
        metrics.For(UsersPager.PagerName),
        warn);

    public IPagerDefinition CreateOrganizations() => settings.Scope.IsTargeted ? _targeted.CreateOrganizations() : new OffsetPager<ClerkOrganization>(
        Organizations,
        settings.PageSize,
        [OffsetPager<ClerkOrganization>.First(Organizations)],
        (_, q, ct) => OrganizationsOff(() => calls.RunAsync((api, c) => api.ListOrganizationsAsync(q with { IncludeMembersCount = true }, c), ct)),
        (_, organizations) =>
        {
            var resources = new List<Resource>(organizations.Count);
            var entitlements = new List<Entitlement>(organizations.Count * (1 + catalog.Roles.Count));
            var members = new Dictionary<string, int>(organizations.Count, StringComparer.Ordinal);
            var roleSets = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var organization in organizations)
            {
                catalog.AddOrganization(organization.Id, organization.MembersCount, organization.RoleSetKey);
                members[organization.Id] = organization.MembersCount ?? -1;
                if (organization.RoleSetKey is { } roleSet)
                {
                    roleSets[organization.Id] = roleSet;
                }

                NoteUnknownRoleSet(organization);
                var resource = OrganizationMapper.Map(organization);
                resources.Add(resource);
                if (settings.SyncsEntitlements)
                {
                    entitlements.AddRange(OrganizationMapper.Entitlements(resource, catalog.RolesOf(organization.RoleSetKey)));
                }
            }

            return new PageOutcome { Resources = resources, Entitlements = entitlements, CatalogEntry = ResumeKeys.Serialize(new OrganizationsPageCatalog(members, roleSets)) };
        },
        metrics.For(Organizations),
        o => o.Id);

    public (IPagerDefinition Pager, MembershipPlan Plan) CreateMemberships()
    {
        var counts = catalog.OrganizationMembers;
        // An organization whose count Clerk did not give (-1) must be read; assume one page.
        var plan = MembershipPlanner.Plan(settings.MembershipStrategy, [.. counts.Values.Select(c => c < 0 ? 1 : c)], settings.PageSize);
        IReadOnlyList<OffsetPage> initial;
        if (catalog.OrganizationsDisabled)
        {
            // Every organization endpoint answers 403: there is nothing to ask for.
            initial = [];
        }
        else if (plan.Strategy == MembershipStrategy.Instance)
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
            (scope, q, ct) => OrganizationsOff(() => instance
                ? calls.RunAsync((api, c) => api.ListInstanceMembershipsAsync(q, c), ct)
                : calls.RunAsync((api, c) => api.ListOrganizationMembershipsAsync(scope, q, c), ct)),
            (scope, memberships) => MapMemberships(instance ? null : scope, memberships),
            metrics.For(Memberships),
            m => m.Id);
        return (pager, plan);
    }

    /// <summary>Warnings that sum up the whole run, added once when the sync completes.</summary>
    public IEnumerable<string> ClosingWarnings()
    {
        if (Interlocked.Read(ref _membershipsWithoutUser) is > 0 and var noUser)
        {
            yield return $"{noUser} organization memberships came without public_user_data (no user id) and were skipped.";
        }

        if (Interlocked.Read(ref _rolesOutsideSet) is > 0 and var outside)
        {
            yield return $"{outside} memberships hold a role outside their organization's role set; they got the member grant only.";
        }
    }

    private PageOutcome MapMemberships(string? organizationId, IReadOnlyList<ClerkMembership> memberships)
    {
        var grants = new List<Grant>(memberships.Count * 2);
        foreach (var membership in memberships)
        {
            var orgId = membership.Organization?.Id ?? organizationId;
            var allowed = orgId is null ? null : catalog.AllowedRoleKeys(orgId);
            switch (MembershipMapper.Map(membership, organizationId, catalog.RoleIdsByKey, allowed, grants))
            {
                case MembershipMapping.NoUser:
                    Interlocked.Increment(ref _membershipsWithoutUser);
                    break;
                case MembershipMapping.UnknownRole when catalog.FirstUnresolved(membership.Role!):
                    warn($"Role key {MembershipMapper.RoleLabel(membership)} matches no organization role; its members get the member grant only.");
                    break;
                case MembershipMapping.RoleOutsideSet:
                    if (Interlocked.Increment(ref _rolesOutsideSet) == 1)
                    {
                        warn($"Membership {membership.Id} holds role {MembershipMapper.RoleLabel(membership)}, which is not in organization {orgId}'s role set; it gets the member grant only.");
                    }

                    break;
            }
        }

        return new PageOutcome { Grants = grants };
    }

    private void NoteUnknownRoleSet(ClerkOrganization organization)
    {
        if (catalog.RoleSetsKnown && organization.RoleSetKey is { } key && !catalog.KnowsRoleSet(key) && catalog.FirstUnknownRoleSet(key))
        {
            warn($"Organization {organization.Id} uses role set '{key}', which /role_sets did not list; organizations with it get an entitlement for every role.");
        }
    }

    private async Task<ClerkPage<ClerkRoleSet>> RoleSetsAsync(PageQuery query, CancellationToken ct)
    {
        try
        {
            return await calls.RunAsync((api, c) => api.ListRoleSetsAsync(query, c), ct).ConfigureAwait(false);
        }
        catch (ClerkApiException e) when (e.Kind == ClerkErrorKind.OrganizationsNotEnabled)
        {
            Answered();
            WarnOrganizationsOff();
            return new ClerkPage<ClerkRoleSet>([], 0);
        }
        catch (ClerkApiException e) when (e.Kind is ClerkErrorKind.FeatureNotEnabled or ClerkErrorKind.NotFound)
        {
            Answered();
            catalog.RoleSetsUnavailable();
            warn($"Clerk did not list role sets (HTTP {e.StatusCode}); every organization gets an entitlement for every role.");
            return new ClerkPage<ClerkRoleSet>([], 0);
        }
    }

    private async Task<ClerkPage<T>> OptionalFeature<T>(string what, Func<Task<ClerkPage<T>>> call)
    {
        try
        {
            return await OrganizationsOff(call).ConfigureAwait(false);
        }
        catch (ClerkApiException e) when (e.Kind == ClerkErrorKind.FeatureNotEnabled)
        {
            Answered();
            warn($"Clerk refused to list organization {what} (the feature is not enabled on this instance); syncing none.");
            return new ClerkPage<T>([], 0);
        }
    }

    // Many Clerk apps have no organizations at all: that is an empty result, not a failed sync.
    private async Task<ClerkPage<T>> OrganizationsOff<T>(Func<Task<ClerkPage<T>>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ClerkApiException e) when (e.Kind == ClerkErrorKind.OrganizationsNotEnabled)
        {
            Answered();
            WarnOrganizationsOff();
            return new ClerkPage<T>([], 0);
        }
    }

    // A refusal that means "this instance has none" is an answer, not a failed attempt the summary counts as a retry.
    private void Answered() => metrics.ResponseReceived();

    private void WarnOrganizationsOff()
    {
        if (catalog.DisableOrganizations())
        {
            warn($"The Organizations feature is not enabled on this Clerk instance ({ClerkErrorFactory.OrganizationsNotEnabledCode}): users are synced; organizations, roles, permissions and memberships are empty.");
        }
    }
}
