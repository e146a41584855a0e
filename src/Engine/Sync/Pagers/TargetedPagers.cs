using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync.Uploader;

namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>One GET of a single named object (a targeted sync's organization or user).</summary>
internal sealed record ObjectFetch(string Pager, string Id) : PageRequest
{
    public override string Key => $"{Pager}:{Id}";
}

/// <summary>
/// A targeted (partial) sync: the named organizations and users are fetched one by one instead of listed. The
/// pagers keep the names of the full ones, so the supervisor's phases (roles, then organizations, then their
/// memberships) and the resume bookkeeping stay the same.
/// </summary>
internal sealed class TargetedPagers(ClerkCalls calls, SyncSettings settings, SyncCatalog catalog)
{
    /// <summary>The SDK's step bucket for a targeted sync's objects.</summary>
    public const string Step = "targeted-resource-sync";

    public IPagerDefinition CreateOrganizations() => new ObjectPager<ClerkOrganization>(
        Resources.OrganizationsSync.PagerName,
        settings.Scope.TargetIds(ResourceTypes.OrganizationId),
        (id, ct) => calls.RunAsync((api, c) => api.GetOrganizationAsync(id, c), ct),
        organization =>
        {
            // The catalog drives the membership plan: only these organizations get membership pages.
            catalog.AddOrganization(organization.Id, organization.MembersCount, organization.RoleSetKey);
            var resource = OrganizationMapper.Map(organization);
            var roleSets = new Dictionary<string, string>(StringComparer.Ordinal);
            if (organization.RoleSetKey is { } roleSet)
            {
                roleSets[organization.Id] = roleSet;
            }

            return new PageOutcome
            {
                Resources = [resource],
                Entitlements = settings.SyncsEntitlements ? [.. OrganizationMapper.Entitlements(resource, catalog.RolesOf(organization.RoleSetKey))] : [],

                // Saved with the page, so a resumed run plans this organization's memberships without fetching it again.
                CatalogEntry = ResumeEntries.Serialize(new OrganizationsPageCatalog(
                    new Dictionary<string, int>(StringComparer.Ordinal) { [organization.Id] = organization.MembersCount ?? -1 }, roleSets)),
            };
        });

    public IPagerDefinition CreateUsers() => new ObjectPager<ClerkUser>(
        UsersPager.PagerName,
        settings.Scope.TargetIds(ResourceTypes.UserId),
        (id, ct) => calls.RunAsync((api, c) => api.GetUserAsync(id, c), ct),
        user => new PageOutcome { Resources = [UserMapper.Map(user, settings.Time.GetUtcNow())] });
}

/// <summary>One request per named object; each answer is one item, mapped like a page of one.</summary>
internal sealed class ObjectPager<T>(
    string name,
    IEnumerable<string> ids,
    Func<string, CancellationToken, Task<T>> fetch,
    Func<T, PageOutcome> map) : IPagerDefinition
{
    private readonly IReadOnlyList<PageRequest> _initial = [.. ids.Select(id => new ObjectFetch(name, id))];

    public string Name => name;

    public IReadOnlyList<PageRequest> InitialRequests => _initial;

    public async Task<PageOutcome> FetchAsync(PageRequest request, CancellationToken cancellationToken)
    {
        var target = (ObjectFetch)request;
        var item = await fetch(target.Id, cancellationToken).ConfigureAwait(false);
        return map(item) with { ItemCount = 1 };
    }
}
