using BatonClerk.Host.Progress;
using Spectre.Console.Testing;

namespace BatonClerk.Engine.Tests.Host.Progress;

public sealed class ProgressRendererTests
{
    private static IReadOnlyList<string> Render(int width, Engine.Sync.SyncProgress progress, bool unicode = true)
    {
        var console = new TestConsole().Width(width).SupportsUnicode(unicode);
        console.Write(ProgressRenderer.Build(progress, 4.04));
        return console.Lines;
    }

    [Fact]
    public void Build_WideTerminal_ShowsOneRowPerTypeWithBarItemsPagesAndState()
    {
        var lines = Render(120, ProgressSamples.MidSync());

        Assert.Matches(@"^━+─+ 37\.5%  4\.0/5 req/s  429s 3  retries 2  ETA 3m12s  waiting for rate budget$", lines[0]);
        Assert.Matches(@"^type\s+items\s+pages\s+state$", lines[1]);
        Assert.Matches(@"^users\s+━{4}─{16}\s+1,000/5,000\s+2/10\s+waiting for rate budget$", lines[2]);
        Assert.Matches(@"^organizations\s+━{10}─{10}\s+150\s+1/2\s+fetching$", lines[3]);
        Assert.Matches(@"^roles\s+━{20}\s+3/3\s+1/1\s+done$", lines[4]);
        Assert.Matches(@"^grants\s+─{20}\s+0\s+0\s+queued$", lines[5]);
        Assert.Equal(6, lines.Count);
    }

    [Theory]
    [InlineData(70)]
    [InlineData(40)]
    [InlineData(24)]
    public void Build_NarrowTerminal_DropsColumnsAndNeverWraps(int width)
    {
        var lines = Render(width, ProgressSamples.MidSync());

        Assert.All(lines, l => Assert.True(l.Length <= width, $"'{l}' is wider than {width}"));
        Assert.DoesNotContain(lines, l => l.Contains('━'));
        // One line per type plus the header and the status lines: a wrapped row would add lines.
        var statusLines = width >= ProgressRenderer.MediumWidth ? 1 : 3;
        Assert.Equal(statusLines + 1 + 4, lines.Count);
        Assert.StartsWith("users", lines[statusLines + 1]);
        Assert.StartsWith("grants", lines[^1]);
    }

    [Fact]
    public void Build_MediumTerminal_KeepsPagesAndFullState()
    {
        var lines = Render(70, ProgressSamples.MidSync());

        Assert.Matches(@"^users\s+1,000/5,000\s+2/10\s+waiting for rate budget$", lines[2]);
    }

    [Fact]
    public void Build_SmallTerminal_ShortensStateAndSplitsStatus()
    {
        var lines = Render(40, ProgressSamples.MidSync());

        Assert.Equal("37.5%  ETA 3m12s", lines[0]);
        Assert.Equal("4.0/5 req/s  429s 3  retries 2", lines[1]);
        Assert.Equal("waiting for rate budget", lines[2]);
        Assert.Matches(@"^users\s+1,000/5,000\s+waiting$", lines[4]);
    }

    [Fact]
    public void Build_EtaNotYetKnown_SaysUnknown()
    {
        var lines = Render(120, ProgressSamples.MidSync(eta: null, waiting: false));

        Assert.EndsWith("ETA unknown", lines[0]);
    }

    [Fact]
    public void Build_EtaLowerBound_MarksItAsAtLeast()
    {
        var lines = Render(120, ProgressSamples.MidSync(eta: 3725, lowerBound: true, waiting: false));

        Assert.EndsWith("ETA ≥1h02m", lines[0]);
    }

    [Fact]
    public void Build_NoUnicode_DrawsAsciiBars()
    {
        var lines = Render(120, ProgressSamples.MidSync(), unicode: false);

        Assert.Matches(@"^users\s+#{4}-{16}\s+1,000/5,000", lines[2]);
    }
}
