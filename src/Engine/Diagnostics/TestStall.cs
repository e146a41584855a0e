namespace BatonClerk.Engine.Diagnostics;

/// <summary>
/// INTERNAL API. Lets the kill-at-every-phase tests stop a real process at an exact point of its work: when the
/// environment variable <c>BATON_CLERK_TEST_STALL_AT</c> names a point, the thread reaching it announces it on
/// stderr and blocks until the process is killed. Unset (always, outside those tests) it costs one comparison.
/// Points: <c>page-commit:N</c> (after the Nth page this process committed), <c>page-commit:PAGER:N</c> (after that
/// pager's Nth), <c>index-build</c>, <c>pack</c>,
/// <c>publish</c> (packed, not yet renamed onto the target), <c>published</c> (renamed, working files not yet removed).
/// </summary>
internal static class TestStall
{
    public const string Variable = "BATON_CLERK_TEST_STALL_AT";

    private static readonly string? Point = Environment.GetEnvironmentVariable(Variable);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> PagerCommits = new(StringComparer.Ordinal);
    private static int _pageCommits;

    public static void At(string point)
    {
        if (Point is null || !string.Equals(Point, point, StringComparison.Ordinal))
        {
            return;
        }

        Console.Error.WriteLine($"test-stall: {point}");
        Console.Error.Flush();
        Thread.Sleep(Timeout.Infinite);
    }

    public static void AfterPageCommit(string pager)
    {
        if (Point is null)
        {
            return;
        }

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        At("page-commit:" + Interlocked.Increment(ref _pageCommits).ToString(inv));
        At($"page-commit:{pager}:{PagerCommits.AddOrUpdate(pager, 1, (_, n) => n + 1).ToString(inv)}");
    }
}
