using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;

namespace BatonClerk.Engine.C1z;

/// <summary>Whether a grant appeared in the newer sync or disappeared from it.</summary>
public enum C1zGrantChangeKind
{
    Removed,
    Added,
}

/// <summary>One grant present in only one of two syncs, resolved to the names an access reviewer reads.</summary>
public sealed record C1zGrantChange(
    C1zGrantChangeKind Kind,
    string GrantId,
    string ResourceId,
    string ResourceName,
    string EntitlementId,
    string EntitlementSlug,
    string EntitlementName,
    string PrincipalId,
    string PrincipalName,
    string? Login);

/// <summary>Who gained and who lost which grant between two finished syncs.</summary>
public sealed record C1zGrantDiff(C1zSyncRun OldSync, C1zSyncRun NewSync, IReadOnlyList<C1zGrantChange> Changes)
{
    /// <summary>
    /// Compares the grants of two syncs, of one file or of two. Grant ids are the comparison key (they encode the
    /// entitlement and the principal); each change is resolved in the sync that holds it, so a removed grant shows
    /// the names it had before. Changes are ordered by resource, principal, removal before addition, entitlement.
    /// </summary>
    public static C1zGrantDiff Compare(C1zReader oldFile, C1zSyncRun oldSync, C1zReader newFile, C1zSyncRun newSync)
    {
        ArgumentNullException.ThrowIfNull(oldFile);
        ArgumentNullException.ThrowIfNull(newFile);
        var removed = new List<string>();
        var added = new List<string>();
        using (var older = oldFile.GrantIdsInOrder(oldSync.SyncId).GetEnumerator())
        using (var newer = newFile.GrantIdsInOrder(newSync.SyncId).GetEnumerator())
        {
            var hasOld = older.MoveNext();
            var hasNew = newer.MoveNext();
            while (hasOld || hasNew)
            {
                var order = !hasOld ? 1 : !hasNew ? -1 : Utf8Order(older.Current, newer.Current);
                if (order < 0)
                {
                    removed.Add(older.Current);
                    hasOld = older.MoveNext();
                }
                else if (order > 0)
                {
                    added.Add(newer.Current);
                    hasNew = newer.MoveNext();
                }
                else
                {
                    hasOld = older.MoveNext();
                    hasNew = newer.MoveNext();
                }
            }
        }

        var changes = removed.Select(id => Resolve(oldFile, oldSync.SyncId, id, C1zGrantChangeKind.Removed))
            .Concat(added.Select(id => Resolve(newFile, newSync.SyncId, id, C1zGrantChangeKind.Added)))
            .OrderBy(c => c.ResourceName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.ResourceId, StringComparer.Ordinal)
            .ThenBy(c => c.PrincipalName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.PrincipalId, StringComparer.Ordinal)
            .ThenBy(c => c.Kind)
            .ThenBy(c => c.EntitlementSlug, StringComparer.Ordinal)
            .ThenBy(c => c.GrantId, StringComparer.Ordinal)
            .ToList();
        return new C1zGrantDiff(oldSync, newSync, changes);
    }

    private static C1zGrantChange Resolve(C1zReader file, string syncId, string grantId, C1zGrantChangeKind kind)
    {
        var resolved = file.ResolveGrant(grantId, syncId)
            ?? throw new C1zException(C1zErrorKind.Corrupt, $"grant '{grantId}' vanished from sync '{syncId}'");
        var grant = resolved.Grant;
        var resourceId = grant.Entitlement.Resource?.Id ?? resolved.Entitlement?.Resource?.Id;
        var resource = resourceId is null ? null : file.FindResource(resourceId.ResourceType, resourceId.Resource, syncId);
        var principal = resolved.Principal ?? grant.Principal;
        return new C1zGrantChange(
            kind,
            grantId,
            resourceId?.Resource ?? "",
            NonEmpty(resource?.DisplayName) ?? resourceId?.Resource ?? "",
            grant.Entitlement.Id,
            NonEmpty(resolved.Entitlement?.Slug) ?? grant.Entitlement.Id,
            NonEmpty(resolved.Entitlement?.DisplayName) ?? grant.Entitlement.Id,
            principal.Id.Resource,
            NonEmpty(principal.DisplayName) ?? principal.Id.Resource,
            NonEmpty(Annotations.Find<UserTrait>(principal.Annotations)?.Login));
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>
    /// SQLite orders text bytewise in UTF-8, which is code-point order; UTF-16 ordinal order differs only where
    /// surrogate pairs meet characters above U+E000, so those two ranges swap places before comparing.
    /// </summary>
    internal static int Utf8Order(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return CodePointRank(a[i]) - CodePointRank(b[i]);
            }
        }

        return a.Length - b.Length;
    }

    private static int CodePointRank(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
