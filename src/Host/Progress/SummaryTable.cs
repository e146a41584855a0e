using BatonClerk.Engine.Sync;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BatonClerk.Host.Progress;

/// <summary>
/// The terminal's closing summary: per resource type the Clerk items, resources, entitlements and grants, then the
/// cost (requests, 429s, retries, duration), the plans and any warnings.
/// </summary>
internal static class SummaryTable
{
    /// <summary>
    /// Per-type resources are the Clerk items of the types that map one row to one resource; all entitlements
    /// belong to organizations and all grants come from memberships. The total row is what the file holds.
    /// </summary>
    public static IRenderable Build(SyncSummary s, IReadOnlyCollection<string> syncedResourceTypes)
    {
        var types = new Table { Border = TableBorder.Rounded, Title = new TableTitle("Sync " + Markup.Escape(s.SyncId)) };
        types.AddColumn("type");
        foreach (var heading in new[] { "items", "resources", "entitlements", "grants", "pages" })
        {
            types.AddColumn(new TableColumn(heading).RightAligned());
        }

        foreach (var (pager, items) in s.Items.Fetched().OrderBy(i => ResourceTypeLabels.Rank(i.Key)).ThenBy(i => i.Key, StringComparer.Ordinal))
        {
            var typeId = ResourceTypeLabels.ResourceTypeId(pager);
            var resources = typeId is not null && syncedResourceTypes.Contains(typeId) ? ProgressFormat.Count(items) : "-";
            var entitlements = pager == "organizations" ? ProgressFormat.Count(s.Entitlements) : "-";
            var grants = pager == "memberships" ? ProgressFormat.Count(s.Grants) : "-";
            var pages = s.Pages.TryGetValue(pager, out var count) ? $"{ProgressFormat.Count(count.Stored)}/{ProgressFormat.Count(count.Planned)}" : "-";
            types.AddRow(Markup.Escape(ResourceTypeLabels.For(pager)), ProgressFormat.Count(items), resources, entitlements, grants, pages);
        }

        types.AddEmptyRow();
        types.AddRow("[bold]in the file[/]", "", $"[bold]{ProgressFormat.Count(s.Resources)}[/]",
            $"[bold]{ProgressFormat.Count(s.Entitlements)}[/]", $"[bold]{ProgressFormat.Count(s.Grants)}[/]", "");

        var cost = new Grid();
        cost.AddColumn(new GridColumn().NoWrap().PadRight(2));
        cost.AddColumn(new GridColumn());
        cost.AddRow("requests", ProgressFormat.Count(s.Requests));
        cost.AddRow("429s", ProgressFormat.Count(s.RateLimited));
        cost.AddRow("retries", ProgressFormat.Count(s.Retries));
        cost.AddRow("duration", ProgressFormat.Duration(s.Duration.TotalSeconds));
        cost.AddRow("users plan", Markup.Escape(s.UsersPlan));
        cost.AddRow("membership plan", Markup.Escape(s.MembershipPlan));
        if (s.OutputPath is not null)
        {
            cost.AddRow("file", Markup.Escape($"{s.OutputPath} ({ProgressFormat.Count(s.OutputBytes)} bytes)"));
        }

        cost.AddRow("warnings", s.Warnings.Count == 0 ? "none" : $"[yellow]{s.Warnings.Count}[/]");
        var parts = new List<IRenderable> { types, cost };
        parts.AddRange(s.Warnings.Select(w => new Text("warning: " + w, new Style(Color.Yellow))));
        return new Rows(parts);
    }
}
