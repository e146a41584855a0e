using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Service;
using C1Task = BatonClerk.Engine.Baton.ServiceV1.Task;
using FinishRequest = BatonClerk.Engine.Baton.ServiceV1.BatonServiceFinishTaskRequest;

namespace BatonClerk.Engine.Tests.Service.Fakes;

/// <summary>A fake C1, a temp directory and a runner in the background: one per test.</summary>
internal sealed class ServiceHarness : IAsyncDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(15);
    private readonly CancellationTokenSource _stop = new();

    private ServiceHarness(FakeC1Server server, string tempDirectory)
    {
        Server = server;
        TempDirectory = tempDirectory;
    }

    public FakeC1Server Server { get; }

    public FakeC1State State => Server.State;

    public string TempDirectory { get; }

    /// <summary>Task slots of the runners this harness starts.</summary>
    public int TaskConcurrency { get; set; } = 3;

    public Task? Run { get; private set; }

    public static async Task<ServiceHarness> StartServerAsync()
    {
        var temp = Directory.CreateTempSubdirectory("baton-clerk-service-").FullName;
        return new ServiceHarness(await FakeC1Server.StartAsync(), temp);
    }

    public static C1Task SyncFullTask() => new() { Id = Ksuid.New(TimeProvider.System), SyncFull = new C1Task.Types.SyncFullTask() };

    public static ConnectorMetadata Metadata() => new()
    {
        DisplayName = "Clerk",
        Capabilities = new ConnectorCapabilities { ConnectorCapabilities_ = { Capability.Sync } },
    };

    public ServiceRunner CreateRunner(
        IServiceSyncJob job, Func<ServiceOptions, ServiceOptions>? adjust = null, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null,
        IServiceProvisioning? provisioning = null)
    {
        var options = Server.CreateOptions(TempDirectory, TaskConcurrency);
        return new ServiceRunner(adjust?.Invoke(options) ?? options, job, Metadata(), loggerFactory: loggerFactory, provisioning: provisioning);
    }

    public Task StartRunner(
        IServiceSyncJob job, Func<ServiceOptions, ServiceOptions>? adjust = null, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null,
        IServiceProvisioning? provisioning = null)
    {
        var runner = CreateRunner(job, adjust, loggerFactory, provisioning);
        Run = Task.Run(async () =>
        {
            using (runner)
            {
                await runner.RunAsync(_stop.Token);
            }
        });
        return Run;
    }

    public async Task<FinishRequest> NextFinishAsync()
    {
        using var timeout = new CancellationTokenSource(WaitLimit);
        return await State.Finished.Reader.ReadAsync(timeout.Token);
    }

    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(10);
        }
    }

    /// <summary>Stands in for SIGTERM: cancels the runner and waits for it to return.</summary>
    public async Task StopRunnerAsync()
    {
        await _stop.CancelAsync();
        if (Run is not null)
        {
            await Run.WaitAsync(WaitLimit);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopRunnerAsync();
        }
        catch (Exception) when (Run is { IsFaulted: true })
        {
            // The test already asserted on (or ignored) the runner's failure.
        }

        await Server.DisposeAsync();
        _stop.Dispose();
        Directory.Delete(TempDirectory, recursive: true);
    }
}
