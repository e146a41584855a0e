namespace BatonClerk.Engine.Sync;

/// <summary>How memberships are listed: one instance-wide endpoint, or per organization.</summary>
public enum MembershipStrategy
{
    /// <summary>
    /// The instance list, which never needs more requests than the per-organization lists and starts alongside the
    /// organizations (targeted syncs always list per organization).
    /// </summary>
    Auto,

    /// <summary>GET /organization_memberships: every membership of the instance, offset paged.</summary>
    Instance,

    /// <summary>GET /organizations/{id}/memberships for each organization with members.</summary>
    PerOrganization,
}
