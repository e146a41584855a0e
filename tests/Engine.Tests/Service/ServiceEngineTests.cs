using Akka.Actor;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Tests.Service.Fakes;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Service;

/// <summary>Service mode with the real engine: the c1z writer actor uploads the file it published.</summary>
public sealed class ServiceEngineTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("service-engine", "akka.loglevel = WARNING");
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-svc-engine-").FullName;

    public void Dispose()
    {
        _system.Terminate().Wait(TimeSpan.FromSeconds(10));
        Directory.Delete(_dir, true);
    }

    [Fact]
    public async Task SyncFull_WithClerkEngine_UploadsAValidC1zOfTheInstance()
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = new SimDatasetOptions { Users = 400, Organizations = 12 } });
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.Enqueue(ServiceHarness.SyncFullTask());
        var job = new ClerkServiceSyncJob(_system, new ClerkSyncOptions { SecretKey = sim.SecretKey, ApiUrl = sim.BaseUrl });

        _ = harness.StartRunner(job);
        var finish = await harness.NextFinishAsync();

        Assert.NotNull(finish.Success);
        var upload = Assert.Single(harness.State.Uploads);
        var file = Path.Combine(_dir, "uploaded.c1z");
        await File.WriteAllBytesAsync(file, upload.Content);
        using var reader = C1zReader.Open(file);
        Assert.True(reader.SelectedSync!.IsFinished);
        Assert.Equal(400, reader.Resources("user").Count);
        Assert.Equal(12, reader.Resources("organization").Count);
    }

    [Fact]
    public async Task SyncFull_EveryUploadDropped_ReportsErrorNotSuccess()
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = new SimDatasetOptions { Users = 100, Organizations = 3 } });
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.UploadStreamsToDrop = 100;
        harness.State.Enqueue(ServiceHarness.SyncFullTask());
        var job = new ClerkServiceSyncJob(_system, new ClerkSyncOptions { SecretKey = sim.SecretKey, ApiUrl = sim.BaseUrl });

        _ = harness.StartRunner(job);
        var finish = await harness.NextFinishAsync();

        Assert.Null(finish.Success);
        Assert.NotNull(finish.Error);
        Assert.Empty(harness.State.Uploads);
    }
}
