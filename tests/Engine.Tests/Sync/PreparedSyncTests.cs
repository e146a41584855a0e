using Akka.Actor;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Tests.Support;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Sync;

/// <summary>A sync prepared before its actor system: the store made early is the one the run uses, once.</summary>
public sealed class PreparedSyncTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-prepared-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private ValidatedSyncOptions Options(ClerkSimulator sim) =>
        new ClerkSyncOptions { SecretKey = sim.SecretKey, ApiUrl = sim.BaseUrl, OutputPath = Path.Combine(_dir, "out.c1z") }.Validate();

    [Fact]
    public async Task RunAsync_PreparedBeforeTheActorSystem_WritesTheDatasetAndRunsOnlyOnce()
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = new SimDatasetOptions { Users = 300, Organizations = 8 } });
        using var prepared = ClerkSyncEngine.Prepare(Options(sim));
        using var system = ActorSystem.Create("prepared", "akka.loglevel = WARNING");
        try
        {
            await ClerkSyncEngine.RunAsync(system, prepared, null, CancellationToken.None);

            C1zAssert.MatchesDataset(sim.Dataset, prepared.Options.OutputPath);
            var again = await Assert.ThrowsAsync<InvalidOperationException>(() => ClerkSyncEngine.RunAsync(system, prepared, null, CancellationToken.None));
            Assert.Contains("runs once", again.Message, StringComparison.Ordinal);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task Dispose_NeverRun_WritesNoOutputAndReleasesTheWorkingDatabase()
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = new SimDatasetOptions { Users = 50, Organizations = 2 } });
        var options = Options(sim);

        ClerkSyncEngine.Prepare(options).Dispose();
        Assert.False(File.Exists(options.OutputPath));

        // The working database is opened with an exclusive lock: a store left open would make the next run fail.
        using var next = ClerkSyncEngine.Prepare(options);
        using var system = ActorSystem.Create("prepared-next", "akka.loglevel = WARNING");
        try
        {
            await ClerkSyncEngine.RunAsync(system, next, null, CancellationToken.None);
            C1zAssert.MatchesDataset(sim.Dataset, options.OutputPath);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
