namespace BatonClerk.Simulator;

/// <summary>
/// A fake Clerk instance's data. Reads see an immutable <see cref="SimSnapshot"/>; the mutators swap in a new one,
/// so a request in flight never sees half an edit.
/// </summary>
public sealed class SimDataset
{
    private readonly Lock _writeLock = new();
    private volatile SimSnapshot _current;
    private long _nextUserNumber;
    private long _nextOrganizationNumber;
    private long _nextMembershipNumber;

    internal SimDataset(SimSnapshot snapshot)
    {
        _current = snapshot;
        _nextUserNumber = snapshot.UsersArray.Length == 0 ? 0 : snapshot.UsersArray[^1].Number + 1;
        _nextOrganizationNumber = snapshot.OrganizationsArray.Length == 0 ? 0 : snapshot.OrganizationsArray.Max(o => o.Number) + 1;
        _nextMembershipNumber = snapshot.MembershipsArray.Length == 0 ? 0 : snapshot.MembershipsArray.Max(m => m.Number) + 1;
    }

    public static SimDataset Generate(SimDatasetOptions options) => SimDatasetGenerator.Generate(options);

    /// <summary>The current state; hold on to it to read several lists consistently.</summary>
    public SimSnapshot Snapshot => _current;

    public IReadOnlyList<SimUser> Users => _current.Users;
    public IReadOnlyList<SimOrganization> Organizations => _current.Organizations;
    public IReadOnlyList<SimRole> Roles => _current.Roles;
    public IReadOnlyList<SimPermission> Permissions => _current.Permissions;
    public IReadOnlyList<SimMembership> Memberships => _current.Memberships;

    public IReadOnlyList<SimMembership> MembershipsOf(string organizationId) => _current.MembershipsOf(organizationId);

    /// <summary>Adds a user newer than every existing one.</summary>
    public SimUser AddUser(string? firstName = "Added", string? lastName = "User", bool withEmail = true)
    {
        lock (_writeLock)
        {
            var s = _current;
            var created = NextTime(s.UsersArray.Length == 0 ? 0 : s.UsersArray[^1].CreatedAt);
            var user = new SimUser
            {
                Number = _nextUserNumber++,
                FirstName = firstName,
                LastName = lastName,
                EmailCount = withEmail ? (byte)1 : (byte)0,
                PrimaryEmailIndex = withEmail ? (sbyte)0 : (sbyte)-1,
                HasUsername = !withEmail,
                CreatedAt = created,
                UpdatedAt = created,
            };
            _current = With(s, users: [.. s.UsersArray, user]);
            return user;
        }
    }

    /// <summary>Deletes a user and, as Clerk does, their memberships.</summary>
    public bool RemoveUser(string userId)
    {
        lock (_writeLock)
        {
            var s = _current;
            var users = s.UsersArray.Where(u => u.Id != userId).ToArray();
            if (users.Length == s.UsersArray.Length)
            {
                return false;
            }

            _current = WithMemberships(With(s, users: users), s.MembershipsArray.Where(m => m.User.Id != userId));
            return true;
        }
    }

    public SimOrganization AddOrganization(string name)
    {
        lock (_writeLock)
        {
            var s = _current;
            var number = _nextOrganizationNumber++;
            var created = NextTime(s.OrganizationsArray.Length == 0 ? 0 : s.OrganizationsArray[^1].CreatedAt);
            var org = new SimOrganization
            {
                Number = number,
                Id = SimIds.Organization(number),
                Name = name,
                Slug = $"org-{number}",
                MaxAllowedMemberships = 0,
                CreatedAt = created,
                UpdatedAt = created,
            };
            _current = With(s, organizations: [.. s.OrganizationsArray, org]);
            return org;
        }
    }

    public bool RemoveOrganization(string organizationId)
    {
        lock (_writeLock)
        {
            var s = _current;
            var orgs = s.OrganizationsArray.Where(o => o.Id != organizationId).ToArray();
            if (orgs.Length == s.OrganizationsArray.Length)
            {
                return false;
            }

            var without = With(s, organizations: orgs);
            _current = WithMemberships(without, s.MembershipsArray.Where(m => m.Organization.Id != organizationId));
            return true;
        }
    }

    /// <summary>Adds a membership newer than every existing one.</summary>
    public SimMembership AddMembership(string organizationId, string userId, string role = "org:member")
    {
        lock (_writeLock)
        {
            var s = _current;
            var org = s.FindOrganization(organizationId) ?? throw new ArgumentException($"No organization {organizationId}.", nameof(organizationId));
            var user = s.UsersArray.FirstOrDefault(u => u.Id == userId) ?? throw new ArgumentException($"No user {userId}.", nameof(userId));
            var created = NextTime(s.MembershipsArray.Length == 0 ? 0 : s.MembershipsArray[^1].CreatedAt);
            var membership = new SimMembership
            {
                Number = _nextMembershipNumber++,
                Organization = org,
                User = user,
                Role = role,
                CreatedAt = created,
                UpdatedAt = created,
            };
            var byOrg = new Dictionary<string, SimMembership[]>(s.ByOrganization, StringComparer.Ordinal)
            {
                [organizationId] = [.. s.MembershipArrayOf(organizationId), membership],
            };
            _current = new SimSnapshot(s.UsersArray, s.OrganizationsArray, s.RolesArray, s.PermissionsArray,
                [.. s.MembershipsArray, membership], byOrg);
            return membership;
        }
    }

    public bool RemoveMembership(string membershipId)
    {
        lock (_writeLock)
        {
            var s = _current;
            var kept = s.MembershipsArray.Where(m => m.Id != membershipId).ToArray();
            if (kept.Length == s.MembershipsArray.Length)
            {
                return false;
            }

            _current = WithMemberships(s, kept);
            return true;
        }
    }

    /// <summary>Gives a membership another role (a role key), as PATCH …/memberships/{user_id} does.</summary>
    public SimMembership ChangeRole(string membershipId, string role)
    {
        lock (_writeLock)
        {
            var s = _current;
            var old = s.MembershipsArray.FirstOrDefault(m => m.Id == membershipId) ?? throw new ArgumentException($"No membership {membershipId}.", nameof(membershipId));
            var changed = old with { Role = role, UpdatedAt = NextTime(old.UpdatedAt) };
            _current = WithMemberships(s, s.MembershipsArray.Select(m => m.Id == membershipId ? changed : m));
            return changed;
        }
    }

    private static long NextTime(long newest) => newest + 1000;

    private static SimSnapshot With(SimSnapshot s, SimUser[]? users = null, SimOrganization[]? organizations = null) =>
        new(users ?? s.UsersArray, organizations ?? s.OrganizationsArray, s.RolesArray, s.PermissionsArray,
            s.MembershipsArray, s.ByOrganization);

    private static SimSnapshot WithMemberships(SimSnapshot s, IEnumerable<SimMembership> memberships)
    {
        var all = memberships.ToArray();
        var byOrg = all.GroupBy(m => m.Organization.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        return new SimSnapshot(s.UsersArray, s.OrganizationsArray, s.RolesArray, s.PermissionsArray, all, byOrg);
    }
}
