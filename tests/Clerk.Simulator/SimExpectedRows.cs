namespace BatonClerk.Simulator;

/// <summary>
/// What a correct sync of a dataset stores, by id: the contract's mapping of users, organizations, role sets and
/// memberships, written once for the tests' assertions and the benchmarks' end-of-run check.
/// </summary>
public static class SimExpectedRows
{
    /// <summary>First and last name, else username, else the identifying address, else the id.</summary>
    public static string DisplayName(SimUser u)
    {
        var fullName = string.Join(' ', new[] { u.FirstName, u.LastName }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
        return fullName.Length > 0 ? fullName : u.Username ?? u.IdentifyingEmail?.Address ?? u.Id;
    }

    /// <summary>Every organization's member entitlement and one per role of its role set, in ordinal order.</summary>
    public static List<string> EntitlementIds(SimDataset data)
    {
        var roleSets = SimRoleSets.Of(data.Roles).ToDictionary(s => s.Key);
        return data.Organizations.SelectMany(o =>
            new[] { $"organization:{o.Id}:member" }.Concat(roleSets[o.RoleSetKey].Roles.Select(r => $"organization:{o.Id}:role:{r.Id}")))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// A member grant per membership whose user exists, and a role grant when the role is in the organization's
    /// role set, in ordinal order (SQLite's order for these ASCII ids).
    /// </summary>
    public static List<string> GrantIds(SimDataset data)
    {
        var roleSets = SimRoleSets.Of(data.Roles).ToDictionary(s => s.Key);
        var roleIds = data.Roles.ToDictionary(r => r.Key, r => r.Id);
        return data.Memberships.Where(m => !m.OmitsUser).SelectMany(m =>
            roleIds.TryGetValue(m.Role, out var roleId) && roleSets[m.Organization.RoleSetKey].Contains(m.Role)
                ? new[] { $"organization:{m.OrganizationId}:member:user:{m.UserId}", $"organization:{m.OrganizationId}:role:{roleId}:user:{m.UserId}" }
                : [$"organization:{m.OrganizationId}:member:user:{m.UserId}"])
            .Order(StringComparer.Ordinal).ToList();
    }
}
