using System.Text.Encodings.Web;
using System.Text.Json;
using BatonClerk.Engine.C1z;

namespace BatonClerk.Host.Commands.Inspect;

/// <summary>Prints a grant diff as a text table (one line per change) or as JSON with added and removed lists.</summary>
internal sealed class DiffRenderer(TextWriter output, bool json)
{
    // Names are printed as they are, not as \u escapes; this goes to a terminal or a file, never into HTML.
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public void Write(C1zGrantDiff diff)
    {
        var added = diff.Changes.Where(c => c.Kind == C1zGrantChangeKind.Added).ToList();
        var removed = diff.Changes.Where(c => c.Kind == C1zGrantChangeKind.Removed).ToList();
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                oldSync = Sync(diff.OldSync),
                newSync = Sync(diff.NewSync),
                added = added.Select(Change),
                removed = removed.Select(Change),
            }, Indented));
            return;
        }

        output.WriteLine($"Sync {diff.OldSync.SyncId} (ended {diff.OldSync.EndedAt}) -> {diff.NewSync.SyncId} "
            + $"(ended {diff.NewSync.EndedAt}): {added.Count} added, {removed.Count} removed");
        var table = new TextTable("Change", "Organization", "Entitlement", "User", "Login");
        foreach (var c in diff.Changes)
        {
            table.Add(c.Kind == C1zGrantChangeKind.Added ? "added" : "removed", c.ResourceName, c.EntitlementSlug,
                c.PrincipalName, c.Login ?? "-");
        }

        table.WriteTo(output);
    }

    private static object Sync(C1zSyncRun run) => new { syncId = run.SyncId, startedAt = run.StartedAt, endedAt = run.EndedAt };

    private static object Change(C1zGrantChange c) => new
    {
        grantId = c.GrantId,
        organizationId = c.ResourceId,
        organization = c.ResourceName,
        entitlementId = c.EntitlementId,
        entitlement = c.EntitlementSlug,
        entitlementName = c.EntitlementName,
        userId = c.PrincipalId,
        user = c.PrincipalName,
        login = c.Login,
    };
}
