using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Sync.HeadStart;

/// <summary>
/// INTERNAL API. The sync's Clerk API with the head start in front: a call the head start already made is answered
/// with its early answer, once, as if the pager had made that call itself; every other call goes to Clerk.
/// </summary>
internal sealed class HeadStartApi(IClerkApi inner, HeadStartCalls early) : IClerkApi, IDisposable
{
    public Task<ClerkPage<ClerkUser>> ListUsersAsync(UserListQuery query, CancellationToken cancellationToken) =>
        inner.ListUsersAsync(query, cancellationToken);

    public Task<long> CountUsersAsync(UserCountQuery query, CancellationToken cancellationToken) =>
        Early(new(HeadStartCall.UsersCount, query), () => inner.CountUsersAsync(query, cancellationToken), cancellationToken);

    public Task<ClerkPage<ClerkOrganization>> ListOrganizationsAsync(PageQuery query, CancellationToken cancellationToken) =>
        Early(new(HeadStartCall.Organizations, query), () => inner.ListOrganizationsAsync(query, cancellationToken), cancellationToken);

    public Task<ClerkPage<ClerkRole>> ListRolesAsync(PageQuery query, CancellationToken cancellationToken) =>
        Early(new(HeadStartCall.Roles, query), () => inner.ListRolesAsync(query, cancellationToken), cancellationToken);

    public Task<ClerkPage<ClerkPermission>> ListPermissionsAsync(PageQuery query, CancellationToken cancellationToken) =>
        Early(new(HeadStartCall.Permissions, query), () => inner.ListPermissionsAsync(query, cancellationToken), cancellationToken);

    public Task<ClerkPage<ClerkRoleSet>> ListRoleSetsAsync(PageQuery query, CancellationToken cancellationToken) =>
        Early(new(HeadStartCall.RoleSets, query), () => inner.ListRoleSetsAsync(query, cancellationToken), cancellationToken);

    public Task<ClerkPage<ClerkMembership>> ListOrganizationMembershipsAsync(string organizationId, PageQuery query, CancellationToken cancellationToken) =>
        inner.ListOrganizationMembershipsAsync(organizationId, query, cancellationToken);

    public Task<ClerkPage<ClerkMembership>> ListInstanceMembershipsAsync(PageQuery query, CancellationToken cancellationToken) =>
        inner.ListInstanceMembershipsAsync(query, cancellationToken);

    public Task<ClerkOrganization> GetOrganizationAsync(string organizationId, CancellationToken cancellationToken) =>
        inner.GetOrganizationAsync(organizationId, cancellationToken);

    public Task<ClerkUser> GetUserAsync(string userId, CancellationToken cancellationToken) =>
        inner.GetUserAsync(userId, cancellationToken);

    public void Dispose()
    {
        (inner as IDisposable)?.Dispose();
        early.Dispose();
    }

    // The early answer is the call's answer, success or error: the client made it with the same retries a pager's
    // call gets, so a 401 or a feature switched off is Clerk's word, and a 429 reaches the sync's ClerkCalls, which
    // pauses the gate and asks again (this time through the gate: the early answer is taken once).
    private Task<T> Early<T>(HeadStartKey key, Func<Task<T>> again, CancellationToken cancellationToken) =>
        early.TryTake<T>(key, out var answer) ? answer.WaitAsync(cancellationToken) : again();
}
