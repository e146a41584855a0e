using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Clerk;

/// <summary>
/// The reads and membership writes that provisioning needs. Reads are retried like every read; writes are sent
/// once per call, because a write whose answer was lost may have happened: the caller reads back and decides.
/// </summary>
internal interface IClerkProvisioningApi
{
    /// <summary>GET /organizations/{id}.</summary>
    Task<ClerkOrganization> GetOrganizationAsync(string organizationId, CancellationToken cancellationToken);

    /// <summary>GET /users/{id}; only the id is read.</summary>
    Task<ClerkObjectRef> GetUserRefAsync(string userId, CancellationToken cancellationToken);

    /// <summary>GET /role_sets/{key}.</summary>
    Task<ClerkRoleSet> GetRoleSetAsync(string roleSetKey, CancellationToken cancellationToken);

    /// <summary>The user's membership of the organization (list filtered by user_id), or null.</summary>
    Task<ClerkMembership?> FindMembershipAsync(string organizationId, string userId, CancellationToken cancellationToken);

    Task<ClerkPage<ClerkRole>> ListRolesAsync(PageQuery query, CancellationToken cancellationToken);

    /// <summary>POST /organizations/{id}/memberships.</summary>
    Task<ClerkMembership> CreateMembershipAsync(string organizationId, string userId, string roleKey, CancellationToken cancellationToken);

    /// <summary>PATCH /organizations/{id}/memberships/{user_id}.</summary>
    Task<ClerkMembership> UpdateMembershipRoleAsync(string organizationId, string userId, string roleKey, CancellationToken cancellationToken);

    /// <summary>DELETE /organizations/{id}/memberships/{user_id}.</summary>
    Task<ClerkMembership> DeleteMembershipAsync(string organizationId, string userId, CancellationToken cancellationToken);
}
