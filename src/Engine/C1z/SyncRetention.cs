using System.Globalization;

namespace BatonClerk.Engine.C1z;

/// <summary>
/// The SDK's cleanup policy, applied while the new sync is still open: which earlier syncs of a file are dropped.
/// Unfinished syncs are never dropped. Finished syncs fall in three groups: partial and resources_only; the diff
/// pair types; and full (with any unknown type). Beyond the newest keepFull-1 full syncs the oldest are dropped,
/// and with them the partials that ended before the newest dropped full sync started. Of more than two diff syncs
/// only the latest and its linked sync stay.
/// </summary>
internal static class SyncRetention
{
    /// <param name="oldestFirst">The file's sync runs in row-id order, as the SDK lists them.</param>
    /// <param name="keepFull">Full syncs to keep counting the new one (the SDK's BATON_KEEP_SYNC_COUNT, default 2).</param>
    public static IReadOnlySet<string> ToDrop(IReadOnlyList<C1zSyncRun> oldestFirst, int keepFull)
    {
        var limit = keepFull - 1;
        var full = new List<C1zSyncRun>();
        var partial = new List<C1zSyncRun>();
        var diff = new List<C1zSyncRun>();
        foreach (var run in oldestFirst.Where(r => r.IsFinished))
        {
            switch (run.SyncType)
            {
                case C1zSyncTypes.Partial or C1zSyncTypes.ResourcesOnly:
                    partial.Add(run);
                    break;
                case C1zSyncTypes.PartialUpserts or C1zSyncTypes.PartialDeletions:
                    diff.Add(run);
                    break;
                default:
                    full.Add(run);
                    break;
            }
        }

        var drop = new HashSet<string>(StringComparer.Ordinal);
        if (full.Count > limit)
        {
            var overflow = full.Count - limit;
            foreach (var run in full.Take(overflow))
            {
                drop.Add(run.SyncId);
            }

            // The open sync counts as kept, so the cutoff is the newest dropped full sync.
            if (Parse(full[overflow - 1].StartedAt) is { } cutoff)
            {
                foreach (var run in partial)
                {
                    if (Parse(run.EndedAt) is { } ended && ended < cutoff)
                    {
                        drop.Add(run.SyncId);
                    }
                }
            }
        }

        if (diff.Count > 2)
        {
            var latest = diff[^1];
            foreach (var run in diff)
            {
                if (run.SyncId != latest.SyncId && run.SyncId != latest.LinkedSyncId)
                {
                    drop.Add(run.SyncId);
                }
            }
        }

        return drop;
    }

    /// <summary>The SDK's readers accept a space or T separator, an optional zone and a date alone.</summary>
    private static DateTime? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var t)
            ? t.UtcDateTime
            : null;
}
