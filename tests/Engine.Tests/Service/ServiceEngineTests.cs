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

    [Fact]
    public async Task SyncFull_DebugTask_UploadsTheSyncsDebugLinesWithNoSecretAfterTheC1z()
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = new SimDatasetOptions { Users = 250, Organizations = 4 } });
        await using var harness = await ServiceHarness.StartServerAsync();
        var task = ServiceHarness.SyncFullTask();
        task.Debug = true;
        harness.State.Enqueue(task);
        var job = new ClerkServiceSyncJob(_system, new ClerkSyncOptions { SecretKey = sim.SecretKey, ApiUrl = sim.BaseUrl });

        _ = harness.StartRunner(job);
        var finish = await harness.NextFinishAsync();

        Assert.NotNull(finish.Success);
        var uploads = harness.State.Uploads.ToArray();
        Assert.Equal(2, uploads.Length);
        Assert.True(uploads[0].IsC1z);
        var text = System.Text.Encoding.UTF8.GetString(uploads[1].Content);
        var lines = ServiceDebugLogTests.DebugLines(uploads[1]);

        // The system logs at WARNING, yet the task's file has its sync's actors at debug level, one line a page.
        var pages = lines.Where(l => l.GetProperty("level").GetString() == "debug"
            && ServiceDebugLogTests.Msg(l).StartsWith("Pager users fetched page", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pages);
        Assert.All(pages, l => Assert.Contains("/user/sync-", l.GetProperty("logger").GetString(), StringComparison.Ordinal));
        Assert.Contains(lines, l => ServiceDebugLogTests.Msg(l).StartsWith("Sync started", StringComparison.Ordinal));
        Assert.Contains(lines, l => ServiceDebugLogTests.Msg(l).StartsWith("Uploading ", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Equal(task.Id, l.GetProperty("task_id").GetString()));

        Assert.DoesNotContain(sim.SecretKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Server.Credentials.Secret[TestCredentials.SecretPrefix.Length..], text, StringComparison.Ordinal);
        Assert.NotEmpty(harness.State.IssuedTokens);
        foreach (var token in harness.State.IssuedTokens)
        {
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        }

        Assert.Equal(Akka.Event.LogLevel.WarningLevel, _system.EventStream.LogLevel);
        Assert.Empty(Directory.GetFiles(harness.TempDirectory));
    }

    [Fact]
    public async Task SyncFull_TwoDebugTasksAtOnce_EachDebugLogHoldsOnlyItsOwnSyncsActors()
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = new SimDatasetOptions { Users = 250, Organizations = 4 } });
        await using var harness = await ServiceHarness.StartServerAsync();
        var tasks = new[] { ServiceHarness.SyncFullTask(), ServiceHarness.SyncFullTask() };
        foreach (var task in tasks)
        {
            task.Debug = true;
            harness.State.Enqueue(task);
        }

        var job = new ClerkServiceSyncJob(_system, new ClerkSyncOptions { SecretKey = sim.SecretKey, ApiUrl = sim.BaseUrl });

        _ = harness.StartRunner(job);
        Assert.NotNull((await harness.NextFinishAsync()).Success);
        Assert.NotNull((await harness.NextFinishAsync()).Success);

        var syncs = new List<string>();
        var spans = new List<(DateTimeOffset First, DateTimeOffset Last)>();
        foreach (var task in tasks)
        {
            var uploads = harness.State.Uploads.Where(u => u.TaskId == task.Id).ToArray();
            Assert.Equal(2, uploads.Length);
            var lines = ServiceDebugLogTests.DebugLines(uploads[1]);
            spans.Add((lines[0].GetProperty("ts").GetDateTimeOffset(), lines[^1].GetProperty("ts").GetDateTimeOffset()));
            var actors = lines
                .Select(l => l.GetProperty("logger").GetString()!)
                .Where(l => l.StartsWith("akka://", StringComparison.Ordinal))
                .Select(l => l.Split('/')[4])
                .Distinct()
                .ToList();
            syncs.Add(Assert.Single(actors));
        }

        Assert.NotEqual(syncs[0], syncs[1]);
        Assert.True(spans[0].First < spans[1].Last && spans[1].First < spans[0].Last, "the two debug tasks should have run at the same time");
    }
}
