using BatonClerk.Engine.Sync;
using Serilog;

namespace BatonClerk.Host.Commands;

internal static class SummaryPrinter
{
    public static void Log(ILogger logger, SyncSummary s)
    {
        logger.Information(
            "Sync {SyncId} finished in {Duration:g}: {Items}; {Resources} resources, {Entitlements} entitlements, {Grants} grants",
            s.SyncId, s.Duration, string.Join(", ", s.Items.Fetched().Select(i => $"{i.Value} {i.Key}")), s.Resources, s.Entitlements, s.Grants);
        logger.Information(
            "Requests {Requests}, 429s {RateLimited}, retries {Retries}; users plan: {UsersPlan}; membership plan: {MembershipPlan}; wrote {File} ({Bytes} bytes)",
            s.Requests, s.RateLimited, s.Retries, s.UsersPlan, s.MembershipPlan, s.OutputPath, s.OutputBytes);
        logger.Information("Pages stored of planned: {Pages:l}",
            string.Join(", ", s.Pages.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value.Stored}/{p.Value.Planned}")));
        foreach (var warning in s.Warnings)
        {
            logger.Warning("{Warning}", warning);
        }
    }
}
