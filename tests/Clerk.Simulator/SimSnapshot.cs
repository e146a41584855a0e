namespace BatonClerk.Simulator;

/// <summary>
/// One immutable state of the dataset. Every array is in creation order (created_at ascending, then number), so
/// "+created_at" is a forward walk and "-created_at" a backward one.
/// </summary>
public sealed class SimSnapshot
{
    private static readonly SimMembership[] NoMemberships = [];

    internal SimSnapshot(
        SimUser[] users,
        SimOrganization[] organizations,
        SimRole[] roles,
        SimPermission[] permissions,
        SimMembership[] memberships,
        Dictionary<string, SimMembership[]> byOrganization)
    {
        UsersArray = users;
        OrganizationsArray = organizations;
        RolesArray = roles;
        PermissionsArray = permissions;
        MembershipsArray = memberships;
        ByOrganization = byOrganization;
        OrganizationById = organizations.ToDictionary(o => o.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<SimUser> Users => UsersArray;
    public IReadOnlyList<SimOrganization> Organizations => OrganizationsArray;
    public IReadOnlyList<SimRole> Roles => RolesArray;
    public IReadOnlyList<SimPermission> Permissions => PermissionsArray;

    /// <summary>Every membership of the instance, oldest first.</summary>
    public IReadOnlyList<SimMembership> Memberships => MembershipsArray;

    internal SimUser[] UsersArray { get; }
    internal SimOrganization[] OrganizationsArray { get; }
    internal SimRole[] RolesArray { get; }
    internal SimPermission[] PermissionsArray { get; }
    internal SimMembership[] MembershipsArray { get; }
    internal Dictionary<string, SimMembership[]> ByOrganization { get; }
    internal Dictionary<string, SimOrganization> OrganizationById { get; }

    public IReadOnlyList<SimMembership> MembershipsOf(string organizationId) =>
        ByOrganization.TryGetValue(organizationId, out var list) ? list : NoMemberships;

    internal SimMembership[] MembershipArrayOf(string organizationId) =>
        ByOrganization.TryGetValue(organizationId, out var list) ? list : NoMemberships;

    public SimOrganization? FindOrganization(string id) => OrganizationById.GetValueOrDefault(id);

    internal bool HasUserNumber(long number)
    {
        var i = FirstUserAfterNumber(number - 1);
        return i < UsersArray.Length && UsersArray[i].Number == number;
    }

    /// <summary>Index of the first user whose number is greater than the given one (users are sorted by number).</summary>
    internal int FirstUserAfterNumber(long number)
    {
        int lo = 0, hi = UsersArray.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (UsersArray[mid].Number <= number)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Index of the first user whose created_at is greater than the given one.</summary>
    internal int FirstUserCreatedAfter(long createdAt)
    {
        int lo = 0, hi = UsersArray.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (UsersArray[mid].CreatedAt <= createdAt)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
