using BatonClerk.Engine.Tests.Service.Fakes;
using C1Task = BatonClerk.Engine.Baton.ServiceV1.Task;

namespace BatonClerk.Engine.Tests.Service;

/// <summary>Task slots: a running sync holds one slot, and the others keep answering C1.</summary>
public sealed class ServiceRunnerSlotsTests
{
    [Fact]
    public async Task RunAsync_SyncRunning_AnswersHelloAndOtherTasksMeanwhile()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        var sync = ServiceHarness.SyncFullTask();
        var hello = new C1Task { Id = NewId(), Hello = new() };
        var grant = new C1Task { Id = NewId(), Grant = new() };
        harness.State.Enqueue(sync);
        harness.State.Enqueue(hello);
        harness.State.Enqueue(grant);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        _ = harness.StartRunner(new DelegateSyncJob(async (path, ct) =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(ct);
            await File.WriteAllTextAsync(path, "C1Z3\0done", ct);
        }));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var whileSyncing = await harness.NextFinishAsync();
        await ServiceHarness.WaitUntilAsync(() => harness.State.Hellos.Any(h => h.TaskId == hello.Id));

        Assert.Equal(grant.Id, whileSyncing.TaskId);
        Assert.False(harness.State.FinishedTaskIds.ContainsKey(sync.Id), "the sync was still blocked");
        release.SetResult();
        var syncFinish = await harness.NextFinishAsync();
        Assert.Equal(sync.Id, syncFinish.TaskId);
        Assert.NotNull(syncFinish.Success);
        Assert.Empty(harness.State.Errors);
    }

    [Fact]
    public async Task RunAsync_DrainedMidSync_StopsClaimingAndReturnsOnlyAfterTheSyncSucceeds()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        var sync = ServiceHarness.SyncFullTask();
        harness.State.Enqueue(sync);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var drain = new CancellationTokenSource();
        using var stop = new CancellationTokenSource();
        var runner = harness.CreateRunner(new DelegateSyncJob(async (path, ct) =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(ct);
            await File.WriteAllTextAsync(path, "C1Z3\0done", ct);
        }));
        var run = Task.Run(async () =>
        {
            using (runner)
            {
                await runner.RunAsync(stop.Token, drain.Token);
            }
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(15));

        await drain.CancelAsync();
        await Task.Delay(100);
        var pollsAfterDrain = harness.State.GetTaskCalls;
        harness.State.Enqueue(ServiceHarness.SyncFullTask());
        await Task.Delay(300); // Many poll intervals: a drained runner claims nothing new.
        Assert.Equal(pollsAfterDrain, harness.State.GetTaskCalls);
        Assert.False(run.IsCompleted, "the runner returned while its sync was still running");

        release.SetResult();
        var finish = await harness.NextFinishAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(sync.Id, finish.TaskId);
        Assert.NotNull(finish.Success);
        Assert.Single(harness.State.Tasks);
    }

    [Fact]
    public async Task RunAsync_AllSlotsBusy_ClaimsNoFurtherTaskUntilOneEnds()
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.TaskConcurrency = 2;
        var tasks = Enumerable.Range(0, 3).Select(_ => ServiceHarness.SyncFullTask()).ToList();
        tasks.ForEach(harness.State.Enqueue);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var maxRunning = 0;
        var startedCount = 0;

        _ = harness.StartRunner(new DelegateSyncJob(async (path, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            Interlocked.Increment(ref startedCount);
            try
            {
                await release.Task.WaitAsync(ct);
                await File.WriteAllTextAsync(path, "C1Z3\0done", ct);
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        }));
        await ServiceHarness.WaitUntilAsync(() => Volatile.Read(ref startedCount) == 2);
        var pollsWhenFull = harness.State.GetTaskCalls;

        // Many poll intervals (20 ms) pass: with both slots taken, GetTask is not even called.
        await Task.Delay(300);
        Assert.Equal(pollsWhenFull, harness.State.GetTaskCalls);
        Assert.Single(harness.State.Tasks);
        release.SetResult();
        var finishes = new[] { await harness.NextFinishAsync(), await harness.NextFinishAsync(), await harness.NextFinishAsync() };

        Assert.All(finishes, f => Assert.NotNull(f.Success));
        Assert.Equal(tasks.Select(t => t.Id).Order(), finishes.Select(f => f.TaskId).Order());
        Assert.Equal(2, Volatile.Read(ref maxRunning));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static string NewId() => BatonClerk.Engine.Baton.Ksuid.New(TimeProvider.System);
}
