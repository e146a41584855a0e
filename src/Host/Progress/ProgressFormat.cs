using System.Globalization;
using BatonClerk.Engine.Sync;

namespace BatonClerk.Host.Progress;

/// <summary>The words and numbers shared by the live view, the progress events and the summary.</summary>
internal static class ProgressFormat
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string ItemsOfTotal(PagerProgressSnapshot p) =>
        p.Expected >= 0 ? $"{Count(p.Items)}/{Count(p.Expected)}" : Count(p.Items);

    public static string PagesOfPlanned(PagerProgressSnapshot p) =>
        p.PlannedPages > 0 ? $"{Count(p.Pages)}/{Count(p.PlannedPages)}" : Count(p.Pages);

    /// <summary>A short duration: 45s, 3m12s, 2h05m.</summary>
    public static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, Math.Ceiling(seconds)));
        return t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:00}m")
            : t.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}m{t.Seconds:00}s")
                : string.Create(CultureInfo.InvariantCulture, $"{t.Seconds}s");
    }

    /// <summary>The ETA as shown: unknown before anything is planned, "≥" while more pages may still be planned.</summary>
    public static string Eta(SyncProgress p) => p.EtaSeconds is { } eta
        ? (p.EtaIsLowerBound ? "≥" : "") + Duration(eta)
        : "unknown";

    public static string State(PagerState state, bool wide) => state switch
    {
        PagerState.Queued => "queued",
        PagerState.WaitingForBudget => wide ? "waiting for rate budget" : "waiting",
        PagerState.Fetching => "fetching",
        PagerState.Storing => "storing",
        PagerState.Done => "done",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>The state as a machine-readable token for progress events.</summary>
    public static string StateToken(PagerState state) => state switch
    {
        PagerState.WaitingForBudget => "waiting_for_budget",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>How far one endpoint is, 0..1: pages stored of planned, else items of announced, else nothing.</summary>
    public static double Fraction(PagerProgressSnapshot p) =>
        p.Completed || p.State == PagerState.Done ? 1
        : p.PlannedPages > 0 ? Math.Clamp((double)p.Pages / p.PlannedPages, 0, 1)
        : p.Expected > 0 ? Math.Clamp((double)p.Items / p.Expected, 0, 1)
        : 0;

    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
