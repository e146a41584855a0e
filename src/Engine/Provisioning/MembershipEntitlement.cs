using BatonClerk.Engine.Mapping;

namespace BatonClerk.Engine.Provisioning;

/// <summary>
/// The two entitlement shapes this connector grants: <c>organization:{org}:member</c> and
/// <c>organization:{org}:role:{role_id}</c>. Anything else is not ours to write.
/// </summary>
internal sealed record MembershipEntitlement(string OrganizationId, string? RoleId)
{
    public bool IsMember => RoleId is null;

    public string Id => RoleId is null
        ? OrganizationMapper.MemberEntitlementId(OrganizationId)
        : OrganizationMapper.RoleEntitlementId(OrganizationId, RoleId);

    public static MembershipEntitlement? TryParse(string? entitlementId)
    {
        if (string.IsNullOrEmpty(entitlementId))
        {
            return null;
        }

        // Clerk ids never hold ':', so the ':'-joined id splits back unambiguously.
        return entitlementId.Split(':') switch
        {
            [ResourceTypes.OrganizationId, { Length: > 0 } org, OrganizationMapper.MemberSlug] => new MembershipEntitlement(org, null),
            [ResourceTypes.OrganizationId, { Length: > 0 } org, "role", { Length: > 0 } role] => new MembershipEntitlement(org, role),
            _ => null,
        };
    }
}
