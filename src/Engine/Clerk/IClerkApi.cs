using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Clerk;

/// <summary>The list endpoints the sync reads. One method per endpoint, one HTTP request per call.</summary>
internal interface IClerkApi
{
    Task<ClerkPage<ClerkUser>> ListUsersAsync(UserListQuery query, CancellationToken cancellationToken);

    Task<long> CountUsersAsync(UserCountQuery query, CancellationToken cancellationToken);

    Task<ClerkPage<ClerkOrganization>> ListOrganizationsAsync(PageQuery query, CancellationToken cancellationToken);

    Task<ClerkPage<ClerkRole>> ListRolesAsync(PageQuery query, CancellationToken cancellationToken);

    Task<ClerkPage<ClerkPermission>> ListPermissionsAsync(PageQuery query, CancellationToken cancellationToken);

    Task<ClerkPage<ClerkRoleSet>> ListRoleSetsAsync(PageQuery query, CancellationToken cancellationToken);

    Task<ClerkPage<ClerkMembership>> ListOrganizationMembershipsAsync(
        string organizationId, PageQuery query, CancellationToken cancellationToken);

    Task<ClerkPage<ClerkMembership>> ListInstanceMembershipsAsync(PageQuery query, CancellationToken cancellationToken);

    /// <summary>GET /organizations/{id}, with members_count (a targeted sync plans its membership pages from it).</summary>
    Task<ClerkOrganization> GetOrganizationAsync(string organizationId, CancellationToken cancellationToken);

    /// <summary>GET /users/{id}.</summary>
    Task<ClerkUser> GetUserAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>Offset paging. OrderBy is sent as given (e.g. "+created_at"); null sends none.</summary>
internal sealed record PageQuery(int Limit, int Offset, string? OrderBy = "+created_at")
{
    /// <summary>Only for /organizations: asks Clerk to fill members_count.</summary>
    public bool IncludeMembersCount { get; init; }
}

internal sealed record UserListQuery(int Limit, int Offset = 0, string? OrderBy = "+created_at")
{
    public string? StartingAfter { get; init; }
    public long? CreatedAtAfter { get; init; }
    public long? CreatedAtBefore { get; init; }
}

internal sealed record UserCountQuery(long? CreatedAtAfter = null, long? CreatedAtBefore = null);

/// <summary>
/// Taken once before every HTTP attempt (retries included), so one budget governs everything sent with a key.
/// </summary>
public interface IRequestGate
{
    ValueTask AcquireAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="AcquireAsync"/>, but the permit is held until the returned lease is disposed, once the
    /// attempt is over. A gate that counts a request from its end, not its start, cannot let client-side delays
    /// squeeze more requests into one of the server's windows than it allows.
    /// </summary>
    async ValueTask<IDisposable> AcquireLeaseAsync(CancellationToken cancellationToken)
    {
        await AcquireAsync(cancellationToken).ConfigureAwait(false);
        return NoLease.Instance;
    }

    private sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();

        public void Dispose()
        {
        }
    }
}
