using System.Collections.Concurrent;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Sync;

/// <summary>
/// What later phases need from earlier ones: the roles (entitlements and the key → id map for memberships), the
/// role sets (which roles each organization can hold, and the role a new member gets) and each organization's
/// member count (for the membership plan) and role set key. Kept compact: ids, keys and counts only.
/// </summary>
internal sealed class SyncCatalog
{
    private readonly ConcurrentDictionary<string, ClerkRole> _roles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RoleSetEntry> _roleSets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _organizationMembers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _organizationRoleSets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _unresolvedRoleKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _unknownRoleSets = new(StringComparer.Ordinal);
    private IReadOnlyList<ClerkRole>? _sortedRoles;
    private IReadOnlyDictionary<string, string>? _roleIdsByKey;
    private IReadOnlyDictionary<string, (IReadOnlyList<ClerkRole> Roles, IReadOnlySet<string> Keys)>? _rolesBySet;
    private volatile bool _roleSetsUnavailable;
    private volatile bool _organizationsDisabled;

    public void AddRoles(IEnumerable<ClerkRole> roles)
    {
        foreach (var role in roles)
        {
            _roles[role.Id] = role with { Permissions = null };
        }
    }

    public void AddRoleSets(IEnumerable<ClerkRoleSet> roleSets)
    {
        foreach (var set in roleSets)
        {
            _roleSets[set.Key] = RoleSetEntry.From(set);
        }
    }

    /// <summary>/role_sets did not answer (an older API, a missing add-on): every organization may hold every role.</summary>
    public void RoleSetsUnavailable() => _roleSetsUnavailable = true;

    /// <summary>Restores what <see cref="RoleSetsSnapshot"/> saved.</summary>
    public void RestoreRoleSets(RoleSetCatalog saved)
    {
        _roleSetsUnavailable = !saved.Available;
        foreach (var entry in saved.Sets)
        {
            _roleSets[entry.Key] = entry;
        }
    }

    public RoleSetCatalog RoleSetsSnapshot => new(!_roleSetsUnavailable, [.. _roleSets.Values.OrderBy(s => s.Key, StringComparer.Ordinal)]);

    /// <summary>Freezes the roles and role sets once their pager has finished; later phases only read.</summary>
    public void SealRoles()
    {
        _sortedRoles = [.. _roles.Values.OrderBy(r => r.Key, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)];
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in _sortedRoles)
        {
            byKey.TryAdd(role.Key, role.Id);
        }

        _roleIdsByKey = byKey;
        var bySet = new Dictionary<string, (IReadOnlyList<ClerkRole>, IReadOnlySet<string>)>(StringComparer.Ordinal);
        if (!_roleSetsUnavailable)
        {
            foreach (var set in _roleSets.Values)
            {
                var keys = new HashSet<string>(set.RoleKeys, StringComparer.Ordinal);
                bySet[set.Key] = ([.. _sortedRoles.Where(r => keys.Contains(r.Key))], keys);
            }
        }

        _rolesBySet = bySet;
    }

    public IReadOnlyList<ClerkRole> Roles => _sortedRoles ?? throw new InvalidOperationException("Roles are not sealed yet.");

    public IReadOnlyDictionary<string, string> RoleIdsByKey => _roleIdsByKey ?? throw new InvalidOperationException("Roles are not sealed yet.");

    public bool RoleSetsKnown => !_roleSetsUnavailable;

    public IReadOnlyCollection<RoleSetEntry> RoleSets => _roleSets.Values.ToList();

    /// <summary>Whether the role set key names a set /role_sets listed (then its roles are exact).</summary>
    public bool KnowsRoleSet(string? roleSetKey) =>
        roleSetKey is not null && (_rolesBySet ?? throw new InvalidOperationException("Roles are not sealed yet.")).ContainsKey(roleSetKey);

    /// <summary>The roles an organization with this role set can hold: its set's roles, or all roles when the set is unknown.</summary>
    public IReadOnlyList<ClerkRole> RolesOf(string? roleSetKey) =>
        roleSetKey is not null && _rolesBySet!.TryGetValue(roleSetKey, out var set) ? set.Roles : Roles;

    /// <summary>The role keys an organization may hold; null when its role set is unknown (any role is allowed).</summary>
    public IReadOnlySet<string>? AllowedRoleKeys(string organizationId) =>
        _organizationRoleSets.TryGetValue(organizationId, out var key) && _rolesBySet!.TryGetValue(key, out var set) ? set.Keys : null;

    /// <summary>The role a new member of the organization gets (its role set's default), when known.</summary>
    public string? DefaultRoleKey(string organizationId) =>
        _organizationRoleSets.TryGetValue(organizationId, out var key) && _roleSets.TryGetValue(key, out var set) ? set.DefaultRoleKey : null;

    public void AddOrganization(string id, int? membersCount, string? roleSetKey = null)
    {
        _organizationMembers[id] = membersCount ?? -1;
        if (roleSetKey is not null)
        {
            // Thousands of organizations share a handful of keys: keep one string per key.
            _organizationRoleSets[id] = _roleSets.TryGetValue(roleSetKey, out var set) ? set.Key : string.Intern(roleSetKey);
        }
    }

    public IReadOnlyDictionary<string, int> OrganizationMembers => _organizationMembers;

    public IReadOnlyDictionary<string, string> OrganizationRoleSets => _organizationRoleSets;

    /// <summary>The instance has the Organizations feature off: nothing organization-shaped exists to read.</summary>
    public bool OrganizationsDisabled => _organizationsDisabled;

    /// <summary>True the first time: the caller warns once.</summary>
    public bool DisableOrganizations()
    {
        var first = !_organizationsDisabled;
        _organizationsDisabled = true;
        return first;
    }

    /// <summary>True the first time a key is seen, so each unresolved key is warned about once.</summary>
    public bool FirstUnresolved(string roleKey) => _unresolvedRoleKeys.TryAdd(roleKey, 0);

    /// <summary>True the first time an organization names a role set /role_sets did not list.</summary>
    public bool FirstUnknownRoleSet(string roleSetKey) => _unknownRoleSets.TryAdd(roleSetKey, 0);
}

/// <summary>A role set as the catalog keeps it: keys only.</summary>
internal sealed record RoleSetEntry(string Key, IReadOnlyList<string> RoleKeys, string? DefaultRoleKey, string? CreatorRoleKey)
{
    public static RoleSetEntry From(ClerkRoleSet set) => new(
        set.Key,
        [.. (set.Roles ?? []).Select(r => r.Key).Distinct(StringComparer.Ordinal)],
        set.DefaultRole?.Key,
        set.CreatorRole?.Key);
}

/// <summary>The role sets saved for a resumed run; Available is false when /role_sets did not answer.</summary>
internal sealed record RoleSetCatalog(bool Available, IReadOnlyList<RoleSetEntry> Sets);
