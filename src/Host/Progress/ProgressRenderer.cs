using BatonClerk.Engine.Sync;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BatonClerk.Host.Progress;

/// <summary>
/// Builds the live region: a status line (overall bar and percent, requests/s against the budget, 429s, retries,
/// ETA) over one row per resource type. Narrow terminals drop columns rather than wrap: every line fits the width.
/// </summary>
internal static class ProgressRenderer
{
    /// <summary>At least this wide: each row has its bar.</summary>
    public const int WideWidth = 96;

    /// <summary>At least this wide: rows keep pages; below it only type, items and state remain.</summary>
    public const int MediumWidth = 64;

    private const int RowBarWidth = 20;
    private const int OverallBarWidth = 24;

    /// <summary>The region for one snapshot; its layout follows the width it is rendered at.</summary>
    public static IRenderable Build(SyncProgress progress, double requestsPerSecond) => new Region(progress, requestsPerSecond);

    private static IRenderable Layout(SyncProgress progress, double requestsPerSecond, int width, bool unicode)
    {
        var wide = width >= WideWidth;
        var medium = width >= MediumWidth;
        var lines = new List<IRenderable>();
        var percent = ProgressFormat.Number(progress.Percent, "F1") + "%";
        var rate = ProgressFormat.Number(requestsPerSecond, "F1") + "/" + ProgressFormat.Number(progress.BudgetPerSecond, "0.#") + " req/s";
        var counters = $"429s {ProgressFormat.Count(progress.RateLimited)}  retries {ProgressFormat.Count(progress.Retries)}";
        var eta = "ETA " + ProgressFormat.Eta(progress);
        var waiting = progress.WaitingForBudget ? "  [yellow]waiting for rate budget[/]" : "";
        if (medium)
        {
            var bar = wide ? Bar(progress.Percent / 100, OverallBarWidth, unicode) + " " : "";
            lines.Add(Line($"[bold]{Markup.Escape(bar)}{percent}[/]  {rate}  {counters}  [bold]{Markup.Escape(eta)}[/]{waiting}"));
        }
        else
        {
            lines.Add(Line($"[bold]{percent}  {Markup.Escape(eta)}[/]"));
            lines.Add(Line($"{rate}  {counters}"));
            if (progress.WaitingForBudget)
            {
                lines.Add(Line("[yellow]waiting for rate budget[/]"));
            }
        }

        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap().PadRight(2));
        if (wide)
        {
            grid.AddColumn(new GridColumn().NoWrap().PadRight(2));
        }

        grid.AddColumn(new GridColumn().NoWrap().RightAligned().PadRight(2));
        if (medium)
        {
            grid.AddColumn(new GridColumn().NoWrap().RightAligned().PadRight(2));
        }

        grid.AddColumn(new GridColumn().NoWrap().PadRight(0));
        var header = new List<IRenderable> { Dim("type") };
        if (wide)
        {
            header.Add(Dim(""));
        }

        header.Add(Dim("items"));
        if (medium)
        {
            header.Add(Dim("pages"));
        }

        header.Add(Dim("state"));
        grid.AddRow([.. header]);
        foreach (var pager in progress.Pagers.OrderBy(p => ResourceTypeLabels.Rank(p.Pager)).ThenBy(p => p.Pager, StringComparer.Ordinal))
        {
            var row = new List<IRenderable> { new Text(ResourceTypeLabels.For(pager.Pager)) };
            if (wide)
            {
                row.Add(new Text(Bar(ProgressFormat.Fraction(pager), RowBarWidth, unicode), new Style(StateColor(pager.State))));
            }

            row.Add(new Text(ProgressFormat.ItemsOfTotal(pager)));
            if (medium)
            {
                row.Add(new Text(ProgressFormat.PagesOfPlanned(pager)));
            }

            row.Add(new Text(ProgressFormat.State(pager.State, medium), new Style(StateColor(pager.State))));
            grid.AddRow([.. row]);
        }

        lines.Add(grid);
        return new Rows(lines);
    }

    /// <summary>A bar of exactly <paramref name="width"/> cells.</summary>
    public static string Bar(double fraction, int width, bool unicode)
    {
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * width);
        return unicode
            ? new string('━', filled) + new string('─', width - filled)
            : new string('#', filled) + new string('-', width - filled);
    }

    private static Color StateColor(PagerState state) => state switch
    {
        PagerState.Done => Color.Green,
        PagerState.WaitingForBudget => Color.Yellow,
        PagerState.Queued => Color.Grey,
        _ => Color.Blue,
    };

    private static Text Dim(string text) => new(text, new Style(decoration: Decoration.Dim));

    private static Markup Line(string markup) => new(markup);

    private sealed class Region(SyncProgress progress, double requestsPerSecond) : Renderable
    {
        protected override Measurement Measure(RenderOptions options, int maxWidth) => new(1, maxWidth);

        protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth) =>
            ((IRenderable)new CutToWidth(Layout(progress, requestsPerSecond, maxWidth, options.Unicode))).Render(options, maxWidth);
    }
}
