using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync.Pagers;
using BatonClerk.Engine.Sync.Uploader;

namespace BatonClerk.Engine.Sync.Resources;

/// <summary>
/// Organization roles (<c>/organization_roles</c>) and, when organizations are synced, the role sets
/// (<c>/role_sets</c>): both must be known before the first organization's entitlements are written, so they are
/// one pager. Needed for the role resources or as the catalog organizations map their entitlements from.
/// </summary>
internal sealed class RolesSync : IResourceSync
{
    public const string PagerName = "roles";
    public const string RoleSetsPagerName = "role_sets";

    public string Name => PagerName;

    public IReadOnlyList<string> After => [];

    public bool IsNeeded(SyncSettings settings) => settings.Syncs(ResourceTypes.RoleId) || settings.Syncs(ResourceTypes.OrganizationId);

    public void Skip(SyncContext context) => context.Catalog.SealRoles();

    public IPagerDefinition Create(SyncContext context)
    {
        var (settings, catalog) = (context.Settings, context.Catalog);
        var roles = new OffsetPager<ClerkRole>(
            PagerName,
            settings.PageSize,
            [OffsetPager<ClerkRole>.First(PagerName)],
            (_, q, ct) => context.OptionalFeature(PagerName, () => context.Calls.RunAsync((api, c) => api.ListRolesAsync(q, c), ct)),
            (_, roles) =>
            {
                catalog.AddRoles(roles);
                var resources = settings.Syncs(ResourceTypes.RoleId) ? roles.Select(RoleMapper.Map).ToList() : [];
                return new PageOutcome { Resources = resources, CatalogEntry = ResumeEntries.Serialize(roles.Select(r => r with { Permissions = null }).ToList()) };
            },
            context.Metrics.For(PagerName),
            r => r.Id);
        if (!settings.Syncs(ResourceTypes.OrganizationId))
        {
            return roles;
        }

        // Role sets are catalog data, not Baton objects: their own metrics stay out of the sync's item counts.
        var roleSets = new OffsetPager<ClerkRoleSet>(
            RoleSetsPagerName,
            settings.PageSize,
            [OffsetPager<ClerkRoleSet>.First(RoleSetsPagerName)],
            (_, q, ct) => RoleSetsAsync(context, q, ct),
            (_, sets) =>
            {
                catalog.AddRoleSets(sets);
                // Saved with the page: a resumed run rebuilds the role sets (or their absence) without fetching it.
                return new PageOutcome { CatalogEntry = ResumeEntries.Serialize(new RoleSetCatalog(catalog.RoleSetsKnown, [.. sets.Select(RoleSetEntry.From)])) };
            },
            new PagerMetrics(RoleSetsPagerName),
            s => s.Id);
        return new CompositePager(PagerName, [roles, roleSets]);
    }

    public IEnumerable<KeyValuePair<string, string>> OnFinished(SyncContext context)
    {
        context.Catalog.SealRoles();
        yield return new(ResumeEntries.Roles, ResumeEntries.Serialize(context.Catalog.Roles));
        yield return new(ResumeEntries.RoleSets, ResumeEntries.Serialize(context.Catalog.RoleSetsSnapshot));
    }

    private static async Task<ClerkPage<ClerkRoleSet>> RoleSetsAsync(SyncContext context, PageQuery query, CancellationToken ct)
    {
        try
        {
            return await context.Calls.RunAsync((api, c) => api.ListRoleSetsAsync(query, c), ct).ConfigureAwait(false);
        }
        catch (ClerkApiException e) when (e.Kind == ClerkErrorKind.OrganizationsNotEnabled)
        {
            context.Answered();
            context.WarnOrganizationsOff();
            return new ClerkPage<ClerkRoleSet>([], 0);
        }
        catch (ClerkApiException e) when (e.Kind is ClerkErrorKind.FeatureNotEnabled or ClerkErrorKind.NotFound)
        {
            context.Answered();
            context.Catalog.RoleSetsUnavailable();
            context.Warn($"Clerk did not list role sets (HTTP {e.StatusCode}); every organization gets an entitlement for every role.");
            return new ClerkPage<ClerkRoleSet>([], 0);
        }
    }
}
