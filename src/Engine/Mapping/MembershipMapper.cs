using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;
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
        var resolved = Resolve(membership, organizationIdFallback, roleIdsByKey, allowedRoleKeys);
        if (resolved.UserId is not { } userId)
        {
            return resolved.Outcome;
        }

        var orgResource = new Resource { Id = OrganizationMapper.Id(resolved.OrganizationId) };
        var principal = new Resource { Id = new ResourceId { ResourceType = ResourceTypes.UserId, Resource = userId } };
        output.Add(Grant(OrganizationMapper.MemberEntitlementId(resolved.OrganizationId), orgResource, principal));
        if (resolved.RoleId is { } roleId)
        {
            output.Add(Grant(OrganizationMapper.RoleEntitlementId(resolved.OrganizationId, roleId), orgResource, principal));
        }

        return resolved.Outcome;
    }

    /// <summary>
    /// The same grants as <see cref="Map"/>, written straight into <paramref name="rows"/> (byte for byte the rows
    /// <see cref="C1zRows.Encode"/> makes of Map's messages; MembershipRowsTests holds the two together).
    /// </summary>
    public static MembershipMapping Encode(
        ClerkMembership membership,
        string? organizationIdFallback,
        IReadOnlyDictionary<string, string> roleIdsByKey,
        IReadOnlySet<string>? allowedRoleKeys,
        C1zRows rows)
    {
        var resolved = Resolve(membership, organizationIdFallback, roleIdsByKey, allowedRoleKeys);
        if (resolved.UserId is not { } userId)
        {
            return resolved.Outcome;
        }

        rows.AddGrant(ResourceTypes.OrganizationId, resolved.OrganizationId, OrganizationMapper.MemberSlug, null, ResourceTypes.UserId, userId);
        if (resolved.RoleId is { } roleId)
        {
            rows.AddGrant(ResourceTypes.OrganizationId, resolved.OrganizationId, OrganizationMapper.RoleSlug, roleId, ResourceTypes.UserId, userId);
        }

        return resolved.Outcome;
    }

    // Which grants a membership implies: the member grant when it has a user, and the role grant when its key names
    // a role of the instance that the organization's role set holds.
    private static Resolved Resolve(
        ClerkMembership membership,
        string? organizationIdFallback,
        IReadOnlyDictionary<string, string> roleIdsByKey,
        IReadOnlySet<string>? allowedRoleKeys)
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
            return new(MembershipMapping.NoUser, orgId, null, null);
        }

        if (string.IsNullOrEmpty(membership.Role))
        {
            return new(MembershipMapping.Mapped, orgId, userId, null);
        }

        if (!roleIdsByKey.TryGetValue(membership.Role, out var roleId))
        {
            return new(MembershipMapping.UnknownRole, orgId, userId, null);
        }

        // The organization has no entitlement for a role outside its role set, so there is nothing to grant.
        if (allowedRoleKeys is not null && !allowedRoleKeys.Contains(membership.Role))
        {
            return new(MembershipMapping.RoleOutsideSet, orgId, userId, null);
        }

        return new(MembershipMapping.Mapped, orgId, userId, roleId);
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

    private readonly record struct Resolved(MembershipMapping Outcome, string OrganizationId, string? UserId, string? RoleId);
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
