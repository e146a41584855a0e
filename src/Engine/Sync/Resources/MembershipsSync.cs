using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync.Pagers;
using BatonClerk.Engine.Sync.Planning;

namespace BatonClerk.Engine.Sync.Resources;

/// <summary>
/// Organization memberships, as grants: <c>/organization_memberships</c> for the instance or one list per
/// organization, whichever needs fewer requests for the counts the organizations gave (so after them). Needed
/// when grants are: both principals and entitlements are synced and nothing skips them.
/// </summary>
internal sealed class MembershipsSync : IResourceSync
{
    public const string PagerName = "memberships";

    private long _withoutUser;
    private long _rolesOutsideSet;

    public string Name => PagerName;

    public IReadOnlyList<string> After => [OrganizationsSync.PagerName];

    public bool IsNeeded(SyncSettings settings) => settings.SyncsGrants;

    public string Step(SyncSettings settings) => "list-grants";

    /// <summary>The plan the pager was made with (logged and reported in the summary).</summary>
    public string Plan { get; private set; } = "not synced";

    public string? PlanNote => Plan;

    public IPagerDefinition Create(SyncContext context)
    {
        var (settings, catalog, metrics) = (context.Settings, context.Catalog, context.Metrics);
        var counts = catalog.OrganizationMembers;

        // An organization whose count Clerk did not give (-1) must be read; assume one page.
        var plan = MembershipPlanner.Plan(settings.MembershipStrategy, [.. counts.Values.Select(c => c < 0 ? 1 : c)], settings.PageSize);
        Plan = plan.ToString();
        IReadOnlyList<OffsetPage> initial;
        if (catalog.OrganizationsDisabled)
        {
            // Every organization endpoint answers 403: there is nothing to ask for.
            initial = [];
        }
        else if (plan.Strategy == MembershipStrategy.Instance)
        {
            initial = [OffsetPager<ClerkMembership>.First(PagerName)];
        }
        else
        {
            var pages = new List<OffsetPage>();
            foreach (var (orgId, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
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

            initial = pages;
        }

        var instance = plan.Strategy == MembershipStrategy.Instance;
        return new OffsetPager<ClerkMembership>(
            PagerName,
            settings.PageSize,
            initial,
            (scope, q, ct) => context.OrganizationsOff(() => instance
                ? context.Calls.RunAsync((api, c) => api.ListInstanceMembershipsAsync(q, c), ct)
                : context.Calls.RunAsync((api, c) => api.ListOrganizationMembershipsAsync(scope, q, c), ct)),
            (scope, memberships) => Map(context, instance ? null : scope, memberships),
            metrics.For(PagerName),
            m => m.Id,
            // The organizations' member counts tell the instance walk's length before its first page does.
            expectedRequests: instance ? plan.InstanceRequests : 0);
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
