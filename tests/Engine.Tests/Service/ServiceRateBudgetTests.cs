using Akka.Actor;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Tests.Service.Fakes;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Service;

/// <summary>
/// One rate budget per secret key for the life of the process: two SyncFull tasks of one registration, one after the
/// other or side by side, share it instead of each starting with a full window.
/// </summary>
public sealed class ServiceRateBudgetTests : IDisposable
{
    private const int Budget = 10;
    private readonly ActorSystem _system = ActorSystem.Create("service-budget", "akka.loglevel = WARNING");

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task SyncFull_TwoTasksOfOneKey_NeverExceedTheBudgetInAnyWindow(int taskConcurrency)
    {
        // Each sync needs about 7 requests, so two of them cannot fit one 10 s window of 10.
        using var sim = ClerkSimulator.Start(new SimulatorOptions
        {
            DatasetOptions = new SimDatasetOptions { Users = 30, Organizations = 3 },
            RateLimit = SimRateLimit.PerTenSeconds(Budget),
        });
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.TaskConcurrency = taskConcurrency;
        harness.State.Enqueue(ServiceHarness.SyncFullTask());
        harness.State.Enqueue(ServiceHarness.SyncFullTask());
        var job = new ClerkServiceSyncJob(_system, new ClerkSyncOptions
        {
            SecretKey = sim.SecretKey,
            ApiUrl = sim.BaseUrl,
            RequestsPerSecond = Budget / 10.0,
        });

        _ = harness.StartRunner(job);
        var first = await NextFinishAsync(harness);
        var second = await NextFinishAsync(harness);

        Assert.NotNull(first.Success);
        Assert.NotNull(second.Success);
        var times = sim.RequestLog.Entries.Select(e => e.Timestamp).Order().ToList();
        Assert.True(times.Count > Budget, $"the two syncs sent only {times.Count} requests; the test needs more than one window's budget");
        Assert.Equal(0, sim.RequestLog.CountStatus(429));
        Assert.True(MaxInAnyWindow(times, TimeSpan.FromSeconds(10)) <= Budget,
            $"{MaxInAnyWindow(times, TimeSpan.FromSeconds(10))} requests within one 10 s window (budget {Budget})");
    }

    private static int MaxInAnyWindow(IReadOnlyList<DateTimeOffset> sorted, TimeSpan window)
    {
        var max = 0;
        var start = 0;
        for (var end = 0; end < sorted.Count; end++)
        {
            while (sorted[end] - sorted[start] >= window)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }

    // The second sync waits for the window the first one filled: longer than the harness's default wait.
    private static async Task<BatonClerk.Engine.Baton.ServiceV1.BatonServiceFinishTaskRequest> NextFinishAsync(ServiceHarness harness)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await harness.State.Finished.Reader.ReadAsync(timeout.Token);
    }
}
