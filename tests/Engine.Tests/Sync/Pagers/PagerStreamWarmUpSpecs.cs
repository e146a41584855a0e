using Akka.TestKit.Xunit2;
using BatonClerk.Engine.Sync.Pagers;

namespace BatonClerk.Engine.Tests.Sync.Pagers;

public sealed class PagerStreamWarmUpSpecs() : TestKit("akka.loglevel = WARNING")
{
    [Fact]
    public async Task RunAsync_OneElement_ReachesTheSinkThroughEveryStage()
    {
        // Only worth its pool thread if the graph really runs, stage by stage, as a pager's does.
        Assert.Equal(1, await PagerStreamWarmUp.RunAsync(Sys).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task StartOnce_SecondSyncOfTheSystem_StartsNothing()
    {
        var first = PagerStreamWarmUp.StartOnce(Sys);
        var second = PagerStreamWarmUp.StartOnce(Sys);

        Assert.NotSame(first, second);
        Assert.Same(Task.CompletedTask, second);
        await first.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
