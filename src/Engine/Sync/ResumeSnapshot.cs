using System.Globalization;
using System.Text.Json;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Sync.Pagers;
using BatonClerk.Engine.Sync.Uploader;

namespace BatonClerk.Engine.Sync;

/// <summary>What an interrupted run had saved, regrouped per pager.</summary>
internal sealed class ResumeSnapshot
{
    private readonly Dictionary<string, List<PageRequest>> _issued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Key, long Items)>> _stored = new(StringComparer.Ordinal);

    public HashSet<string> CompletedPagers { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ClerkRole>? Roles { get; private set; }

    public IReadOnlyDictionary<string, int>? OrganizationMembers { get; private set; }

    public RoleSetCatalog? RoleSets { get; private set; }

    public IReadOnlyDictionary<string, string>? OrganizationRoleSets { get; private set; }

    public static ResumeSnapshot From(IReadOnlyDictionary<string, string> state)
    {
        var snapshot = new ResumeSnapshot();
        foreach (var (key, value) in state)
        {
            if (key.StartsWith(ResumeEntries.RequestPrefix, StringComparison.Ordinal))
            {
                var pager = key[ResumeEntries.RequestPrefix.Length..].Split('|', 2)[0];
                snapshot.List(snapshot._issued, pager).Add(PageRequest.FromJson(value));
            }
            else if (key.StartsWith(ResumeEntries.StoredPrefix, StringComparison.Ordinal))
            {
                var parts = key[ResumeEntries.StoredPrefix.Length..].Split('|', 2);
                snapshot.List(snapshot._stored, parts[0]).Add((parts[1], long.Parse(value, CultureInfo.InvariantCulture)));
            }
            else if (key.StartsWith(ResumeEntries.CompletePrefix, StringComparison.Ordinal))
            {
                snapshot.CompletedPagers.Add(key[ResumeEntries.CompletePrefix.Length..]);
            }
            else if (key.StartsWith(ResumeEntries.Roles + "|" + Resources.RolesSync.RoleSetsPagerName + ":", StringComparison.Ordinal))
            {
                // A role sets page of the roles pager: its sets, or the note that /role_sets did not answer.
                var page = ResumeEntries.Deserialize<RoleSetCatalog>(value)!;
                snapshot.RoleSets = new RoleSetCatalog(page.Available && (snapshot.RoleSets?.Available ?? true), [.. snapshot.RoleSets?.Sets ?? [], .. page.Sets]);
            }
            else if (key == ResumeEntries.Roles || key.StartsWith(ResumeEntries.Roles + "|", StringComparison.Ordinal))
            {
                // The whole catalog once its pager finished, or one page's share of it before then.
                var roles = (List<ClerkRole>?)snapshot.Roles ?? [];
                roles.AddRange(ResumeEntries.Deserialize<List<ClerkRole>>(value) ?? []);
                snapshot.Roles = roles;
            }
            else if (key.StartsWith(ResumeEntries.Organizations + "|", StringComparison.Ordinal))
            {
                // One organizations page's share: member counts and role set keys.
                var page = ResumeEntries.Deserialize<OrganizationsPageCatalog>(value)!;
                snapshot.MergeOrganizations(page.Members, page.RoleSets);
            }
            else if (key == ResumeEntries.Organizations)
            {
                snapshot.MergeOrganizations(ResumeEntries.Deserialize<Dictionary<string, int>>(value) ?? [], null);
            }
            else if (key == ResumeEntries.RoleSets)
            {
                snapshot.RoleSets = ResumeEntries.Deserialize<RoleSetCatalog>(value);
            }
            else if (key == ResumeEntries.OrganizationRoleSets)
            {
                snapshot.MergeOrganizations(new Dictionary<string, int>(), ResumeEntries.Deserialize<Dictionary<string, string>>(value));
            }
        }

        return snapshot;
    }

    public PageWorkList? WorkList(string pager) =>
        _issued.TryGetValue(pager, out var issued)
            ? PageWorkList.Restore(issued, _stored.TryGetValue(pager, out var stored) ? stored.Select(s => s.Key) : [])
            : null;

    /// <summary>The request of every stored page, with its pager: what a resumed run does not fetch again.</summary>
    public IEnumerable<(string Pager, PageRequest Request)> StoredRequests()
    {
        foreach (var (pager, issued) in _issued)
        {
            var stored = _stored.TryGetValue(pager, out var s) ? s.Select(p => p.Key).ToHashSet(StringComparer.Ordinal) : [];
            foreach (var request in issued.Where(r => stored.Contains(r.Key)))
            {
                yield return (pager, request);
            }
        }
    }

    public (long Items, long Pages) Stored(string pager) =>
        _stored.TryGetValue(pager, out var stored) ? (stored.Sum(s => s.Items), stored.Count) : (0, 0);

    private void MergeOrganizations(IReadOnlyDictionary<string, int> members, IReadOnlyDictionary<string, string>? roleSets)
    {
        var counts = (Dictionary<string, int>?)OrganizationMembers ?? new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (id, count) in members)
        {
            counts[id] = count;
        }

        OrganizationMembers = counts;
        if (roleSets is { Count: > 0 })
        {
            var keys = (Dictionary<string, string>?)OrganizationRoleSets ?? new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (id, key) in roleSets)
            {
                keys[id] = key;
            }

            OrganizationRoleSets = keys;
        }
    }

    private List<T> List<T>(Dictionary<string, List<T>> map, string pager)
    {
        if (!map.TryGetValue(pager, out var list))
        {
            list = [];
            map[pager] = list;
        }

        return list;
    }
}

/// <summary>What one stored organizations page contributes to the catalog.</summary>
internal sealed record OrganizationsPageCatalog(IReadOnlyDictionary<string, int> Members, IReadOnlyDictionary<string, string> RoleSets);
