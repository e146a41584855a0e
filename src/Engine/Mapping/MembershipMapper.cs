using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Mapping;

/// <summary>
/// Memberships are not resources: each becomes a member grant and, when its role key names a role the
/// organization can hold, a role grant on the organization.
/// </summary>
internal static class MembershipMapper
{
    /// <summary>Maps one membership into <paramref name="output"/> and says what, if anything, was left out.</summary>
    /// <param name="allowedRoleKeys">The keys of the organization's role set; null when any role is allowed.</param>
    public static MembershipMapping Map(
        ClerkMembership membership,
        string? organizationIdFallback,
        IReadOnlyDictionary<string, string> roleIdsByKey,
        IReadOnlySet<string>? allowedRoleKeys,
        ICollection<Grant> output)
    {
        var orgId = membership.Organization?.Id ?? organizationIdFallback;
        if (string.IsNullOrEmpty(orgId))
        {
            throw new InvalidDataException($"Clerk membership {membership.Id} names no organization.");
        }

        // public_user_data is optional in the spec: without it the membership has no principal to grant to.
        var userId = membership.PublicUserData?.UserId;
        if (string.IsNullOrEmpty(userId))
        {
            return MembershipMapping.NoUser;
        }

        var orgResource = new Resource { Id = OrganizationMapper.Id(orgId) };
        var principal = new Resource { Id = new ResourceId { ResourceType = ResourceTypes.UserId, Resource = userId } };
        output.Add(Grant(OrganizationMapper.MemberEntitlementId(orgId), orgResource, principal));

        if (string.IsNullOrEmpty(membership.Role))
        {
            return MembershipMapping.Mapped;
        }

        if (!roleIdsByKey.TryGetValue(membership.Role, out var roleId))
        {
            return MembershipMapping.UnknownRole;
        }

        // The organization has no entitlement for a role outside its role set, so there is nothing to grant.
        if (allowedRoleKeys is not null && !allowedRoleKeys.Contains(membership.Role))
        {
            return MembershipMapping.RoleOutsideSet;
        }

        output.Add(Grant(OrganizationMapper.RoleEntitlementId(orgId, roleId), orgResource, principal));
        return MembershipMapping.Mapped;
    }

    /// <summary>How a role is named in messages: its label when Clerk gave one, else its key.</summary>
    public static string RoleLabel(ClerkMembership membership) =>
        string.IsNullOrWhiteSpace(membership.RoleName) ? $"'{membership.Role}'" : $"'{membership.Role}' ({membership.RoleName})";

    private static Grant Grant(string entitlementId, Resource orgResource, Resource principal) => new()
    {
        Id = BatonIds.Grant(entitlementId, principal.Id.ResourceType, principal.Id.Resource),
        Entitlement = new Entitlement { Id = entitlementId, Resource = orgResource },
        Principal = principal,
    };
}

internal enum MembershipMapping
{
    /// <summary>Every grant the membership implies was written.</summary>
    Mapped,

    /// <summary>No public_user_data.user_id: nothing was written.</summary>
    NoUser,

    /// <summary>The role key names no role of the instance (e.g. the legacy basic_member): member grant only.</summary>
    UnknownRole,

    /// <summary>The role exists but not in the organization's role set: member grant only.</summary>
    RoleOutsideSet,
}
