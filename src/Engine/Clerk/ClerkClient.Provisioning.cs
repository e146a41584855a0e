using System.Text.Json;
using BatonClerk.Engine.Clerk.Models;
using Polly;

namespace BatonClerk.Engine.Clerk;

// Reads and writes of one organization membership. Writes go through the same gate as reads (one budget per key).
internal sealed partial class ClerkClient : IClerkProvisioningApi
{
    public Task<ClerkObjectRef> GetUserRefAsync(string userId, CancellationToken cancellationToken) =>
        GetAsync(ClerkQuery.User(userId), static () => ClerkJsonContext.Default.ClerkObjectRef, u => u, cancellationToken);

    public Task<ClerkRoleSet> GetRoleSetAsync(string roleSetKey, CancellationToken cancellationToken) =>
        GetAsync(ClerkQuery.RoleSet(roleSetKey), static () => ClerkJsonContext.Default.ClerkRoleSet, r => r, cancellationToken);

    public Task<ClerkMembership?> FindMembershipAsync(string organizationId, string userId, CancellationToken cancellationToken) =>
        GetAsync(ClerkQuery.MembershipOf(organizationId, userId), static () => ClerkJsonContext.Default.ClerkListResponseClerkMembership,
            page => (page.Data ?? throw new JsonException("the body has no 'data' array"))
                .FirstOrDefault(m => m.PublicUserData?.UserId == userId),
            cancellationToken);

    public Task<ClerkMembership> CreateMembershipAsync(string organizationId, string userId, string roleKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(roleKey);
        var body = JsonSerializer.SerializeToUtf8Bytes(new CreateMembershipBody(userId, roleKey), ClerkJsonContext.Default.CreateMembershipBody);
        return SendAsync(HttpMethod.Post, ClerkQuery.Memberships(organizationId), body, ResiliencePipeline.Empty,
            static () => ClerkJsonContext.Default.ClerkMembership, m => m, cancellationToken);
    }

    public Task<ClerkMembership> UpdateMembershipRoleAsync(string organizationId, string userId, string roleKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roleKey);
        var body = JsonSerializer.SerializeToUtf8Bytes(new UpdateMembershipBody(roleKey), ClerkJsonContext.Default.UpdateMembershipBody);
        return SendAsync(HttpMethod.Patch, ClerkQuery.Membership(organizationId, userId), body, ResiliencePipeline.Empty,
            static () => ClerkJsonContext.Default.ClerkMembership, m => m, cancellationToken);
    }

    public Task<ClerkMembership> DeleteMembershipAsync(string organizationId, string userId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, ClerkQuery.Membership(organizationId, userId), null, ResiliencePipeline.Empty,
            static () => ClerkJsonContext.Default.ClerkMembership, m => m, cancellationToken);
}
