using System.Collections.Concurrent;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Tests.Support;

/// <summary>An in-memory Clerk for engine specs: exact paging semantics, a call log, and a fault hook.</summary>
internal sealed class FakeClerkApi : IClerkApi
{
    public FakeClerkApi(FakeClerkData data)
    {
        Data = data;
    }

    /// <summary>Taken before each answer, as the real client does before each attempt.</summary>
    public IRequestGate? Gate { get; set; }

    private int _inFlight;

    public int MaxInFlight;

    public FakeClerkData Data { get; }

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Called before each answer with the call's description; throw from it to inject a fault.</summary>
    public Func<string, Task>? BeforeAnswer { get; set; }

    public bool IgnoreStartingAfter { get; set; }

    /// <summary>Answers /users as if created_at_after/created_at_before had not been sent.</summary>
    public bool IgnoreCreatedAtFilters { get; set; }

    /// <summary>A starting_after naming a deleted user answers 404, as a real Clerk may.</summary>
    public bool RejectUnknownCursor { get; set; }

    /// <summary>Users deleted while the sync runs: no longer listed.</summary>
    public ConcurrentDictionary<string, byte> DeletedUsers { get; } = new(StringComparer.Ordinal);

    /// <summary>Sent as total_count instead of the real one (and, being contradicted by the pages, not trusted).</summary>
    public long? AnnouncedTotal { get; set; }

    /// <summary>Answers every offset with the first page, like a server that ignores the parameter.</summary>
    public bool IgnoreOffset { get; set; }

    public async Task<ClerkPage<ClerkUser>> ListUsersAsync(UserListQuery query, CancellationToken cancellationToken)
    {
        var users = IgnoreCreatedAtFilters
            ? Data.Users
            : Data.Users.Where(u => (query.CreatedAtAfter is not { } a || u.CreatedAt > a) && (query.CreatedAtBefore is not { } b || u.CreatedAt < b));
        users = query.OrderBy == "-created_at"
            ? users.OrderByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id, StringComparer.Ordinal)
            : users.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id, StringComparer.Ordinal);
        var list = users.ToList();
        var start = IgnoreOffset ? 0 : query.Offset;
        if (query.StartingAfter is { } cursor && !IgnoreStartingAfter)
        {
            start = list.FindIndex(u => u.Id == cursor) + 1;
        }

        await Answer($"users offset={query.Offset} after={query.StartingAfter}", cancellationToken);
        if (RejectUnknownCursor && query.StartingAfter is { } missing && DeletedUsers.ContainsKey(missing))
        {
            throw new ClerkApiException(ClerkErrorKind.NotFound, $"no user {missing}", 404, "/users");
        }

        return new ClerkPage<ClerkUser>([.. list.Skip(start).Where(u => !DeletedUsers.ContainsKey(u.Id)).Take(query.Limit)], null);
    }

    public async Task<long> CountUsersAsync(UserCountQuery query, CancellationToken cancellationToken)
    {
        await Answer("users/count", cancellationToken);
        return Data.Users.Count;
    }

    public Task<ClerkPage<ClerkOrganization>> ListOrganizationsAsync(PageQuery query, CancellationToken cancellationToken) =>
        PageAsync("organizations", Data.Organizations.Select(o => query.IncludeMembersCount ? o with { MembersCount = Data.Memberships.Count(m => m.Organization!.Id == o.Id) } : o).ToList(), query, cancellationToken);

    public Task<ClerkPage<ClerkRole>> ListRolesAsync(PageQuery query, CancellationToken cancellationToken) =>
        PageAsync("roles", Data.Roles, query, cancellationToken);

    public Task<ClerkPage<ClerkPermission>> ListPermissionsAsync(PageQuery query, CancellationToken cancellationToken) =>
        PageAsync("permissions", Data.Permissions, query, cancellationToken);

    public Task<ClerkPage<ClerkRoleSet>> ListRoleSetsAsync(PageQuery query, CancellationToken cancellationToken) =>
        PageAsync("role_sets", Data.RoleSets, query, cancellationToken);

    public Task<ClerkPage<ClerkMembership>> ListOrganizationMembershipsAsync(string organizationId, PageQuery query, CancellationToken cancellationToken) =>
        PageAsync("org-memberships " + organizationId, [.. Data.Memberships.Where(m => m.Organization!.Id == organizationId)], query, cancellationToken);

    public Task<ClerkPage<ClerkMembership>> ListInstanceMembershipsAsync(PageQuery query, CancellationToken cancellationToken) =>
        PageAsync("memberships", Data.Memberships, query, cancellationToken);

    public async Task<ClerkOrganization> GetOrganizationAsync(string organizationId, CancellationToken cancellationToken)
    {
        await Answer("organization " + organizationId, cancellationToken);
        var organization = Data.Organizations.FirstOrDefault(o => o.Id == organizationId)
            ?? throw new ClerkApiException(ClerkErrorKind.NotFound, "no such organization", 404, "/organizations/" + organizationId);
        return organization with { MembersCount = Data.Memberships.Count(m => m.Organization!.Id == organizationId) };
    }

    public async Task<ClerkUser> GetUserAsync(string userId, CancellationToken cancellationToken)
    {
        await Answer("user " + userId, cancellationToken);
        return Data.Users.FirstOrDefault(u => u.Id == userId)
            ?? throw new ClerkApiException(ClerkErrorKind.NotFound, "no such user", 404, "/users/" + userId);
    }

    private async Task<ClerkPage<T>> PageAsync<T>(string what, IReadOnlyList<T> items, PageQuery query, CancellationToken ct)
    {
        await Answer($"{what} offset={query.Offset}", ct);
        var page = items.Skip(IgnoreOffset ? 0 : query.Offset).Take(query.Limit).ToList();
        if (AnnouncedTotal is { } announced)
        {
            return new ClerkPage<T>(page, announced >= query.Offset + page.Count ? announced : null) { AnnouncedTotal = announced };
        }

        return new ClerkPage<T>(page, IgnoreOffset ? null : items.Count) { AnnouncedTotal = IgnoreOffset ? null : items.Count };
    }

    private async Task Answer(string call, CancellationToken ct)
    {
        if (Gate is not null)
        {
            await Gate.AcquireAsync(ct);
        }

        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref MaxInFlight, now);
        try
        {
            Calls.Enqueue(call);
            await Task.Yield();
            if (BeforeAnswer is { } hook)
            {
                await hook(call);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

internal sealed record FakeClerkData(
    IReadOnlyList<ClerkUser> Users,
    IReadOnlyList<ClerkOrganization> Organizations,
    IReadOnlyList<ClerkRole> Roles,
    IReadOnlyList<ClerkPermission> Permissions,
    IReadOnlyList<ClerkMembership> Memberships)
{
    public IReadOnlyList<ClerkRoleSet> RoleSets { get; init; } = [];

    public static readonly ClerkVerification Verified = new() { Status = "verified" };

    /// <summary>A deterministic instance: org i has i % 4 × 3 members; every 7th membership has the legacy key.</summary>
    public static FakeClerkData Create(int users, int organizations)
    {
        var userList = Enumerable.Range(0, users).Select(i => new ClerkUser
        {
            Id = $"user_{i:D6}",
            FirstName = $"First{i}",
            LastName = $"Last{i}",
            Username = $"user{i}",
            PrimaryEmailAddressId = $"idn_{i}",
            EmailAddresses = [new ClerkEmailAddress { Id = $"idn_{i}", EmailAddress = $"user{i}@example.com", Verification = Verified }],
            CreatedAt = 1_700_000_000_000 + (i * 1000L),
        }).ToList();
        var permissions = new List<ClerkPermission>
        {
            new() { Id = "perm_read", Key = "org:sys_memberships:read", Name = "Read members" },
            new() { Id = "perm_manage", Key = "org:sys_memberships:manage", Name = "Manage members" },
        };
        var roles = new List<ClerkRole>
        {
            new() { Id = "role_admin", Key = "org:admin", Name = "Admin", Permissions = permissions },
            new() { Id = "role_member", Key = "org:member", Name = "Member", Permissions = [permissions[0]] },
        };
        var orgs = Enumerable.Range(0, organizations).Select(i => new ClerkOrganization
        {
            Id = $"org_{i:D4}",
            Name = $"Org {i}",
            Slug = $"org-{i}",
            CreatedAt = 1_700_000_000_000 + i,
        }).ToList();
        var memberships = new List<ClerkMembership>();
        var n = 0;
        for (var o = 0; o < orgs.Count; o++)
        {
            for (var k = 0; k < (o % 4) * 3 && k < users; k++)
            {
                var user = userList[(o * 7 + k) % users];
                memberships.Add(new ClerkMembership
                {
                    Id = $"orgmem_{n}",
                    Role = n % 7 == 0 ? "basic_member" : n % 2 == 0 ? "org:admin" : "org:member",
                    Organization = orgs[o],
                    PublicUserData = new ClerkPublicUserData { UserId = user.Id },
                });
                n++;
            }
        }

        return new FakeClerkData(userList, orgs, roles, permissions, memberships);
    }
}
