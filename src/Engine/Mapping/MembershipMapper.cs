using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Mapping;

/// <summary>
/// Memberships are not resources: each becomes a member grant and, when its role key names a known role,
/// a role grant on the organization.
/// </summary>
public static class MembershipMapper
{
    /// <summary>Maps one membership; returns the role key that did not resolve, if any.</summary>
    public static string? Map(
        ClerkMembership membership,
        string? organizationIdFallback,
        IReadOnlyDictionary<string, string> roleIdsByKey,
        ICollection<Grant> output)
    {
        var orgId = membership.Organization?.Id ?? organizationIdFallback;
        var userId = membership.PublicUserData?.UserId;
        if (string.IsNullOrEmpty(orgId) || string.IsNullOrEmpty(userId))
        {
            throw new InvalidDataException($"Clerk membership {membership.Id} names no organization or no user.");
        }

        var orgResource = new Resource { Id = OrganizationMapper.Id(orgId) };
        var principal = new Resource { Id = new ResourceId { ResourceType = ResourceTypes.UserId, Resource = userId } };
        output.Add(Grant(OrganizationMapper.MemberEntitlementId(orgId), orgResource, principal));

        if (string.IsNullOrEmpty(membership.Role))
        {
            return null;
        }

        if (!roleIdsByKey.TryGetValue(membership.Role, out var roleId))
        {
            return membership.Role;
        }

        output.Add(Grant(OrganizationMapper.RoleEntitlementId(orgId, roleId), orgResource, principal));
        return null;
    }

    private static Grant Grant(string entitlementId, Resource orgResource, Resource principal) => new()
    {
        Id = BatonIds.Grant(entitlementId, principal.Id.ResourceType, principal.Id.Resource),
        Entitlement = new Entitlement { Id = entitlementId, Resource = orgResource },
        Principal = principal,
    };
}
