using System.Collections.Concurrent;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Sync;

/// <summary>
/// What later phases need from earlier ones: the roles (entitlements and the key → id map for memberships) and
/// each organization's member count (for the membership plan). Kept compact: ids and counts only.
/// </summary>
public sealed class SyncCatalog
{
    private readonly ConcurrentDictionary<string, ClerkRole> _roles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _organizationMembers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _unresolvedRoleKeys = new(StringComparer.Ordinal);
    private IReadOnlyList<ClerkRole>? _sortedRoles;
    private IReadOnlyDictionary<string, string>? _roleIdsByKey;

    public void AddRoles(IEnumerable<ClerkRole> roles)
    {
        foreach (var role in roles)
        {
            _roles[role.Id] = role with { Permissions = null };
        }
    }

    /// <summary>Freezes the roles once their pager has finished; later phases only read.</summary>
    public void SealRoles()
    {
        _sortedRoles = [.. _roles.Values.OrderBy(r => r.Key, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)];
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in _sortedRoles)
        {
            byKey.TryAdd(role.Key, role.Id);
        }

        _roleIdsByKey = byKey;
    }

    public IReadOnlyList<ClerkRole> Roles => _sortedRoles ?? throw new InvalidOperationException("Roles are not sealed yet.");

    public IReadOnlyDictionary<string, string> RoleIdsByKey => _roleIdsByKey ?? throw new InvalidOperationException("Roles are not sealed yet.");

    public void AddOrganization(string id, int? membersCount) => _organizationMembers[id] = membersCount ?? -1;

    public IReadOnlyDictionary<string, int> OrganizationMembers => _organizationMembers;

    /// <summary>True the first time a key is seen, so each unresolved key is warned about once.</summary>
    public bool FirstUnresolved(string roleKey) => _unresolvedRoleKeys.TryAdd(roleKey, 0);
}
