using BatonClerk.Engine.Service;
using BatonClerk.Engine.Tests.Service.Fakes;
using Grpc.Core;

namespace BatonClerk.Engine.Tests.Service;

public sealed class ServiceRunnerStartupTests
{
    [Fact]
    public async Task RunAsync_HelloUnavailableTwice_RetriesThenServesTasks()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.HelloFault = n => n <= 2 ? StatusCode.Unavailable : null;
        harness.State.Enqueue(ServiceHarness.SyncFullTask());

        _ = harness.StartRunner(DelegateSyncJob.WritingFile(100, _ => { }));
        var finish = await harness.NextFinishAsync();

        Assert.NotNull(finish.Success);
        Assert.Equal(3, harness.State.HelloCalls);
    }

    [Theory]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.NotFound)]
    [InlineData(StatusCode.FailedPrecondition)]
    public async Task RunAsync_HelloFatalStatus_StopsWithoutPolling(StatusCode code)
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.HelloFault = _ => code;

        var run = harness.StartRunner(new DelegateSyncJob((_, _) => Task.CompletedTask));
        var error = await Assert.ThrowsAsync<ServiceFatalException>(() => run.WaitAsync(TimeSpan.FromSeconds(15)));

        Assert.Contains(code.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.State.HelloCalls);
        Assert.Equal(0, harness.State.GetTaskCalls);
    }

    [Fact]
    public async Task RunAsync_GetTaskFailsThreeTimes_BacksOffAndRecovers()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.GetTaskFailures = 3;
        harness.State.Enqueue(ServiceHarness.SyncFullTask());

        _ = harness.StartRunner(DelegateSyncJob.WritingFile(100, _ => { }));
        var finish = await harness.NextFinishAsync();

        Assert.NotNull(finish.Success);
        Assert.True(harness.State.GetTaskCalls >= 4);
    }

    [Fact]
    public async Task RunAsync_AfterHello_MarksHealthReadyUntilStopped()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        var health = new ServiceHealth();
        using var runner = new ServiceRunner(harness.Server.CreateOptions(harness.TempDirectory), new DelegateSyncJob((_, _) => Task.CompletedTask), ServiceHarness.Metadata(), health);
        using var stop = new CancellationTokenSource();

        var run = runner.RunAsync(stop.Token);
        await ServiceHarness.WaitUntilAsync(() => health.IsReady);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.False(health.IsReady);
    }
}
