using BatonClerk.Host.Logging;
using BatonClerk.Host.Progress;
using Spectre.Console.Testing;

namespace BatonClerk.Engine.Tests.Host.Progress;

public sealed class LiveProgressViewTests
{
    [Fact]
    public void Report_LogRecordDuringLiveView_PrintsOnItsOwnLineWithTheRegionBelow()
    {
        var console = new TestConsole().Width(100).Interactive();
        using var logger = LogSetup.Create("info", "console", console: console);
        var view = new LiveProgressView(console);

        view.Report(ProgressSamples.MidSync());
        logger.Information("Pager {Pager} finished after {Pages} pages", "users", 10);
        view.Report(ProgressSamples.MidSync(waiting: false));
        view.Finish();

        var lines = console.Lines;
        var log = Assert.Single(lines, l => l.Contains("finished after", StringComparison.Ordinal));
        Assert.Matches(@"^\d\d:\d\d:\d\d INF Pager users finished after 10 pages$", log);
        // The region is drawn again after the record, so its rows follow the log line, not precede it on one line.
        var after = lines.SkipWhile(l => l != log).Skip(1).ToList();
        Assert.Contains(after, l => l.StartsWith("users ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("INF", StringComparison.Ordinal) && l.Contains("req/s", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_WithAnsi_MovesTheCursorBackOverTheRegionBeforeALogRecord()
    {
        var console = new TestConsole().Width(100).Interactive().EmitAnsiSequences();
        using var logger = LogSetup.Create("info", "console", console: console);
        var view = new LiveProgressView(console);

        view.Report(ProgressSamples.MidSync());
        var before = console.Output.Length;
        logger.Information("between refreshes");
        view.Finish();

        var written = console.Output[before..];
        var record = written.IndexOf("between refreshes", StringComparison.Ordinal);
        Assert.True(record > 0);
        // Spectre erases the region (cursor up + erase line) first; the record starts at column one of a clean line.
        var prefix = written[..record];
        Assert.Contains("\u001b[2K", prefix, StringComparison.Ordinal);
        Assert.Matches(@"\u001b\[\d*A", prefix);
    }

    [Fact]
    public void Finish_CalledTwice_LeavesTheLastRegionOnce()
    {
        var console = new TestConsole().Width(100).Interactive();
        var view = new LiveProgressView(console);

        view.Report(ProgressSamples.MidSync());
        view.Finish();
        view.Finish();
        view.Report(ProgressSamples.MidSync());

        Assert.Contains(console.Lines, l => l.StartsWith("users ", StringComparison.Ordinal));
    }
}
