using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync.Pagers;
using BatonClerk.Engine.Sync.Planning;

namespace BatonClerk.Engine.Sync.Resources;

/// <summary>
/// Organization memberships, as grants: <c>/organization_memberships</c> for the instance or one list per
/// organization. The instance list never needs more requests than the per-organization lists (their pages are the
/// same rows, split by organization), so unless the per-organization lists are forced (or the sync is targeted) it
/// starts with the organizations (after the roles) and its pages wait for them only to be mapped (a membership's role is checked
/// against its organization's role set); the forced per-organization plan starts after them, from their member
/// counts. Needed when grants are: both principals and entitlements are synced and nothing skips them.
/// </summary>
internal sealed class MembershipsSync : IResourceSync
{
    public const string PagerName = "memberships";

    private long _withoutUser;
    private long _rolesOutsideSet;
    private string _plan = "not synced";
    private SyncContext? _instanceList;

    public string Name => PagerName;

    public IReadOnlyList<string> After => [OrganizationsSync.PagerName];

    public bool IsNeeded(SyncSettings settings) => settings.SyncsGrants;

    /// <summary>
    /// The instance list starts once the roles are in: they answer first, and an instance without organizations
    /// refuses them, so it is never asked for memberships.
    /// </summary>
    public IReadOnlyList<string> StartsAfter(SyncSettings settings) => ListsInstance(settings) ? [RolesSync.PagerName] : After;

    public string Step(SyncSettings settings) => "list-grants";

    /// <summary>
    /// The plan, reported in the summary: for the instance list, with the request counts the organizations' member
    /// counts give once they are in.
    /// </summary>
    public string Plan => _instanceList is { } context
        ? MembershipPlanner.Plan(MembershipStrategy.Instance, MembersCounts(context.Catalog), context.Settings.PageSize).ToString()
        : _plan;

    public string? PlanNote => _plan;

    public IPagerDefinition Create(SyncContext context) =>
        ListsInstance(context.Settings) ? CreateInstanceList(context) : CreatePerOrganization(context);

    private static bool ListsInstance(SyncSettings settings) =>
        settings.MembershipStrategy != MembershipStrategy.PerOrganization && !settings.Scope.IsTargeted;

    // An organization whose count Clerk did not give (-1) must be read; it is counted as one page.
    private static int[] MembersCounts(SyncCatalog catalog) => [.. catalog.OrganizationMembers.Values.Select(c => c < 0 ? 1 : c)];

    private OffsetPager<ClerkMembership> CreateInstanceList(SyncContext context)
    {
        var (settings, catalog) = (context.Settings, context.Catalog);
        _plan = "instance, fetched alongside the organizations (mapped once they are in)";
        _instanceList = context;
        return new OffsetPager<ClerkMembership>(
            PagerName,
            settings.PageSize,
            // Known here only when resuming a run whose roles had found no organizations.
            catalog.OrganizationsDisabled ? [] : [OffsetPager<ClerkMembership>.First(PagerName)],
            (_, q, ct) => context.OrganizationsOff(() => context.Calls.RunAsync((api, c) => api.ListInstanceMembershipsAsync(q, c), ct)),
            (_, memberships) => Map(context, null, memberships),
            context.Metrics.For(PagerName),
            m => m.Id,
            beforeMap: ct => context.WaitForAsync(After, ct));
    }

    // Forced or targeted: one list per organization with members, planned from the organizations' counts.
    private OffsetPager<ClerkMembership> CreatePerOrganization(SyncContext context)
    {
        var (settings, catalog, metrics) = (context.Settings, context.Catalog, context.Metrics);
        _plan = MembershipPlanner.Plan(MembershipStrategy.PerOrganization, MembersCounts(catalog), settings.PageSize).ToString();
        var pages = new List<OffsetPage>();
        // Every organization endpoint answers 403 when organizations are off: there is nothing to ask for.
        if (!catalog.OrganizationsDisabled)
        {
            foreach (var (orgId, count) in catalog.OrganizationMembers.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                if (count < 0)
                {
                    pages.Add(new OffsetPage(PagerName, orgId, 0, null));
                    continue;
                }

                metrics.For(PagerName).AddExpected(count);
                for (long offset = 0; offset < count; offset += settings.PageSize)
                {
                    pages.Add(new OffsetPage(PagerName, orgId, offset, count));
                }
            }
        }

        return new OffsetPager<ClerkMembership>(
            PagerName,
            settings.PageSize,
            pages,
            (scope, q, ct) => context.OrganizationsOff(() => context.Calls.RunAsync((api, c) => api.ListOrganizationMembershipsAsync(scope, q, c), ct)),
            (scope, memberships) => Map(context, scope, memberships),
            metrics.For(PagerName),
            m => m.Id);
    }

    public IEnumerable<string> ClosingWarnings()
    {
        if (Interlocked.Read(ref _withoutUser) is > 0 and var noUser)
        {
            yield return $"{noUser} organization memberships came without public_user_data (no user id) and were skipped.";
        }

        if (Interlocked.Read(ref _rolesOutsideSet) is > 0 and var outside)
        {
            yield return $"{outside} memberships hold a role outside their organization's role set; they got the member grant only.";
        }
    }

    private PageOutcome Map(SyncContext context, string? organizationId, IReadOnlyList<ClerkMembership> memberships)
    {
        var catalog = context.Catalog;
        // Straight to row bytes when the store takes them: the Grant messages were most of a page's allocations.
        var rows = context.EncodeRows ? C1z.C1zRows.ForGrants(memberships.Count * 2) : null;
        var grants = rows is null ? new List<Grant>(memberships.Count * 2) : null;
        try
        {
            foreach (var membership in memberships)
            {
                var orgId = membership.Organization?.Id ?? organizationId;
                var allowed = orgId is null ? null : catalog.AllowedRoleKeys(orgId);
                var mapping = rows is not null
                    ? MembershipMapper.Encode(membership, organizationId, catalog.RoleIdsByKey, allowed, rows)
                    : MembershipMapper.Map(membership, organizationId, catalog.RoleIdsByKey, allowed, grants!);
                Report(context, membership, orgId, mapping);
            }
        }
        catch
        {
            rows?.Dispose();
            throw;
        }

        if (rows is null)
        {
            return new PageOutcome { Grants = grants! };
        }

        if (rows.Count == 0)
        {
            // Nothing to store, as a message page without grants.
            rows.Dispose();
            return new PageOutcome();
        }

        return new PageOutcome { Rows = rows };
    }

    // Counts what a membership left out, and warns once per kind.
    private void Report(SyncContext context, ClerkMembership membership, string? orgId, MembershipMapping mapping)
    {
        switch (mapping)
        {
            case MembershipMapping.NoUser:
                Interlocked.Increment(ref _withoutUser);
                break;
            case MembershipMapping.UnknownRole when context.Catalog.FirstUnresolved(membership.Role!):
                context.Warn($"Role key {MembershipMapper.RoleLabel(membership)} matches no organization role; its members get the member grant only.");
                break;
            case MembershipMapping.RoleOutsideSet:
                if (Interlocked.Increment(ref _rolesOutsideSet) == 1)
                {
                    context.Warn($"Membership {membership.Id} holds role {MembershipMapper.RoleLabel(membership)}, which is not in organization {orgId}'s role set; it gets the member grant only.");
                }

                break;
        }
    }
}
