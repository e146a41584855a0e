namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>Splits [oldest, newest] created_at into contiguous ranges for parallel cursor walks.</summary>
internal static class CreatedPartitions
{
    /// <summary>
    /// Bounds are exclusive on both sides and neighbours share a boundary value, so no millisecond falls between
    /// two partitions whether Clerk's filters are exclusive or inclusive; an overlap only repeats rows, which the
    /// store de-duplicates.
    /// </summary>
    public static IReadOnlyList<CreatedRange> Split(long oldest, long newest, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        if (newest < oldest)
        {
            (oldest, newest) = (newest, oldest);
        }

        var span = newest - oldest + 1;
        var count = (int)Math.Min(partitions, span);
        var ranges = new List<CreatedRange>(count);
        for (var i = 0; i < count; i++)
        {
            var start = oldest + (span * i / count);
            var end = oldest + (span * (i + 1) / count);
            ranges.Add(new CreatedRange(start - 1, end));
        }

        return ranges;
    }
}
