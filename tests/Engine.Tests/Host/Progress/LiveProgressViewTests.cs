using BatonClerk.Host.Logging;
using BatonClerk.Host.Progress;
using Spectre.Console.Testing;

namespace BatonClerk.Engine.Tests.Host.Progress;

public sealed class LiveProgressViewTests
{
    [Fact]
    public void Report_LogRecordDuringLiveView_ErasesItsLineAndRedrawsTheRegionBelow()
    {
        var console = new TestConsole().Width(100).Interactive().EmitAnsiSequences();
        using var logger = LogSetup.Create(new BatonClerk.Host.Configuration.LogSettings(Serilog.Events.LogEventLevel.Information, "console", [], null), console: console);
        var view = new LiveProgressView(console);

        view.Report(ProgressSamples.MidSync());
        var before = console.Output.Length;
        logger.Information("Pager {Pager} finished after {Pages} pages", "users", 10);
        var written = console.Output[before..];
        view.Finish();

        // Back to the region's first line, erase it, the record, a line break, then the region again.
        Assert.Matches(@"^\r\u001b\[\d+A\u001b\[2K\d\d:\d\d:\d\d INF Pager users finished after 10 pages\r?\n", written);
        var after = written[written.IndexOf('\n', StringComparison.Ordinal)..];
        Assert.Contains("1,000/5,000", after, StringComparison.Ordinal);
        Assert.DoesNotContain("pages1,000", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_LongLogRecord_ErasesEveryLineItWrapsOnto()
    {
        var console = new TestConsole().Width(40).Interactive().EmitAnsiSequences();
        using var logger = LogSetup.Create(new BatonClerk.Host.Configuration.LogSettings(Serilog.Events.LogEventLevel.Information, "console", [], null), console: console);
        var view = new LiveProgressView(console);

        view.Report(ProgressSamples.MidSync());
        var before = console.Output.Length;
        logger.Information("{Words}", string.Join(' ', Enumerable.Range(1, 20).Select(i => "word" + i)));
        var written = console.Output[before..];
        view.Finish();

        var record = written[..written.IndexOf("word20", StringComparison.Ordinal)];
        var wrapped = record.Split('\n');
        Assert.True(wrapped.Length >= 3, "the record should wrap at 40 columns");
        Assert.All(wrapped, l => Assert.Contains("\u001b[2K", l, StringComparison.Ordinal));
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
