using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Tests.Provisioning;

/// <summary>An in-memory Clerk for the membership semantics, answering with Clerk's errors and counting writes.</summary>
internal sealed class FakeProvisioningClerk : IClerkProvisioningApi
{
    public Dictionary<string, string?> Organizations { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Users { get; } = new(StringComparer.Ordinal);
    public List<ClerkRole> Roles { get; } = [];
    public Dictionary<string, ClerkRoleSet> RoleSets { get; } = new(StringComparer.Ordinal);
    public Dictionary<(string Org, string User), string> Memberships { get; } = [];
    public List<string> Writes { get; } = [];
    public int Reads { get; private set; }

    /// <summary>Fails the next write with this error; when the flag is set the write still happens first.</summary>
    public (ClerkApiException Error, bool Applied)? FailNextWrite { get; set; }

    /// <summary>Answers /role_sets with this error (e.g. a 403 on instances without the feature).</summary>
    public ClerkApiException? RoleSetError { get; set; }

    public static FakeProvisioningClerk Standard()
    {
        var clerk = new FakeProvisioningClerk();
        clerk.Roles.Add(Role("role_admin", "org:admin"));
        clerk.Roles.Add(Role("role_member", "org:member"));
        clerk.Roles.Add(Role("role_viewer", "org:viewer"));
        clerk.Roles.Add(Role("role_other", "org:billing"));
        clerk.RoleSets["basic"] = new ClerkRoleSet
        {
            Id = "rs_1",
            Key = "basic",
            Roles = [Item("org:admin"), Item("org:member"), Item("org:viewer")],
            DefaultRole = Item("org:viewer"),
        };
        clerk.Organizations["org_1"] = "basic";
        clerk.Organizations["org_plain"] = null;
        clerk.Users.Add("user_1");
        return clerk;
    }

    public Task<ClerkOrganization> GetOrganizationAsync(string organizationId, CancellationToken cancellationToken)
    {
        Reads++;
        return Organizations.TryGetValue(organizationId, out var set)
            ? Task.FromResult(new ClerkOrganization { Id = organizationId, RoleSetKey = set })
            : throw NotFound();
    }

    public Task<ClerkObjectRef> GetUserRefAsync(string userId, CancellationToken cancellationToken)
    {
        Reads++;
        return Users.Contains(userId) ? Task.FromResult(new ClerkObjectRef { Id = userId }) : throw NotFound();
    }

    public Task<ClerkRoleSet> GetRoleSetAsync(string roleSetKey, CancellationToken cancellationToken)
    {
        Reads++;
        if (RoleSetError is { } e)
        {
            throw e;
        }

        return RoleSets.TryGetValue(roleSetKey, out var set) ? Task.FromResult(set) : throw NotFound();
    }

    public Task<ClerkMembership?> FindMembershipAsync(string organizationId, string userId, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(Memberships.TryGetValue((organizationId, userId), out var role)
            ? new ClerkMembership { Id = "orgmem_1", Role = role, PublicUserData = new ClerkPublicUserData { UserId = userId } }
            : null);
    }

    public Task<ClerkPage<ClerkRole>> ListRolesAsync(PageQuery query, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(new ClerkPage<ClerkRole>([.. Roles.Skip(query.Offset).Take(query.Limit)], Roles.Count));
    }

    public Task<ClerkMembership> CreateMembershipAsync(string organizationId, string userId, string roleKey, CancellationToken cancellationToken) =>
        Write($"POST {organizationId} {userId} {roleKey}", () =>
        {
            if (Memberships.ContainsKey((organizationId, userId)))
            {
                throw new ClerkApiException(ClerkErrorKind.InvalidRequest, "already a member", 400);
            }

            RequireRole(roleKey);
            Memberships[(organizationId, userId)] = roleKey;
        });

    public Task<ClerkMembership> UpdateMembershipRoleAsync(string organizationId, string userId, string roleKey, CancellationToken cancellationToken) =>
        Write($"PATCH {organizationId} {userId} {roleKey}", () =>
        {
            if (!Memberships.ContainsKey((organizationId, userId)))
            {
                throw NotFound();
            }

            RequireRole(roleKey);
            Memberships[(organizationId, userId)] = roleKey;
        });

    public Task<ClerkMembership> DeleteMembershipAsync(string organizationId, string userId, CancellationToken cancellationToken) =>
        Write($"DELETE {organizationId} {userId}", () =>
        {
            if (!Memberships.Remove((organizationId, userId)))
            {
                throw NotFound();
            }
        });

    private static ClerkRole Role(string id, string key) => new() { Id = id, Key = key };

    private static ClerkRoleSetItem Item(string key) => new() { Key = key };

    private static ClerkApiException NotFound() => new(ClerkErrorKind.NotFound, "not found", 404);

    private void RequireRole(string key)
    {
        if (Roles.All(r => r.Key != key))
        {
            throw new ClerkApiException(ClerkErrorKind.InvalidRequest, "role not found", 422);
        }
    }

    private Task<ClerkMembership> Write(string what, Action apply)
    {
        Writes.Add(what);
        if (FailNextWrite is { } fail)
        {
            FailNextWrite = null;
            if (fail.Applied)
            {
                apply();
            }

            throw fail.Error;
        }

        apply();
        return Task.FromResult(new ClerkMembership { Id = "orgmem_1" });
    }
}
