namespace BatonClerk.Engine.Sync;

/// <summary>How memberships are listed: one instance-wide endpoint, per organization, or whichever needs fewer requests.</summary>
public enum MembershipStrategy
{
    /// <summary>Whichever of the other two needs fewer requests, from the counts already fetched.</summary>
    Auto,

    /// <summary>GET /organization_memberships: every membership of the instance, offset paged.</summary>
    Instance,

    /// <summary>GET /organizations/{id}/memberships for each organization with members.</summary>
    PerOrganization,
}
