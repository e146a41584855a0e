using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync.Pagers;
using BatonClerk.Engine.Sync.Uploader;

namespace BatonClerk.Engine.Sync.Resources;

/// <summary>
/// Organizations (<c>/organizations</c> with members counts; <c>GET /organizations/{id}</c> for a targeted sync):
/// the resources, their member and role entitlements (the roles of each organization's role set, so after roles),
/// and the members counts the membership plan is made from.
/// </summary>
internal sealed class OrganizationsSync : IResourceSync
{
    public const string PagerName = "organizations";

    public string Name => PagerName;

    public IReadOnlyList<string> After => [RolesSync.PagerName];

    public bool IsNeeded(SyncSettings settings) => settings.Syncs(ResourceTypes.OrganizationId);

    public string Step(SyncSettings settings) => settings.Scope.IsTargeted ? TargetedPagers.Step : "list-resources";

    public IPagerDefinition Create(SyncContext context)
    {
        var (settings, catalog) = (context.Settings, context.Catalog);
        if (settings.Scope.IsTargeted)
        {
            return new TargetedPagers(context.Calls, settings, catalog).CreateOrganizations();
        }

        return new OffsetPager<ClerkOrganization>(
            PagerName,
            settings.PageSize,
            [OffsetPager<ClerkOrganization>.First(PagerName)],
            (_, q, ct) => context.OrganizationsOff(() => context.Calls.RunAsync((api, c) => api.ListOrganizationsAsync(q with { IncludeMembersCount = true }, c), ct)),
            (_, organizations) => Map(context, organizations),
            context.Metrics.For(PagerName),
            o => o.Id);
    }

    /// <summary>The membership plan is made from these counts: saved before the memberships start.</summary>
    public IEnumerable<KeyValuePair<string, string>> OnFinished(SyncContext context)
    {
        if (!context.Settings.SyncsGrants)
        {
            yield break;
        }

        yield return new(ResumeEntries.Organizations, ResumeEntries.Serialize(context.Catalog.OrganizationMembers));
        yield return new(ResumeEntries.OrganizationRoleSets, ResumeEntries.Serialize(context.Catalog.OrganizationRoleSets));
    }

    internal static PageOutcome Map(SyncContext context, IReadOnlyList<ClerkOrganization> organizations)
    {
        var (settings, catalog) = (context.Settings, context.Catalog);
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

            NoteUnknownRoleSet(context, organization);
            var resource = OrganizationMapper.Map(organization);
            resources.Add(resource);
            if (settings.SyncsEntitlements)
            {
                entitlements.AddRange(OrganizationMapper.Entitlements(resource, catalog.RolesOf(organization.RoleSetKey)));
            }
        }

        return new PageOutcome { Resources = resources, Entitlements = entitlements, CatalogEntry = ResumeEntries.Serialize(new OrganizationsPageCatalog(members, roleSets)) };
    }

    private static void NoteUnknownRoleSet(SyncContext context, ClerkOrganization organization)
    {
        var catalog = context.Catalog;
        if (catalog.RoleSetsKnown && organization.RoleSetKey is { } key && !catalog.KnowsRoleSet(key) && catalog.FirstUnknownRoleSet(key))
        {
            context.Warn($"Organization {organization.Id} uses role set '{key}', which /role_sets did not list; organizations with it get an entitlement for every role.");
        }
    }
}
