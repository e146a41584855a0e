using System.Diagnostics;
using BatonClerk.Engine.Fleet;
using BatonClerk.Engine.Tests.Service.Fakes;
using BatonClerk.Engine.Tests.Support;
using Xunit.Abstractions;
using FinishRequest = BatonClerk.Engine.Baton.ServiceV1.BatonServiceFinishTaskRequest;

namespace BatonClerk.Engine.Tests.Fleet;

/// <summary>Three fleet nodes in this process (127.0.0.1, port 0, one system name) serving four registrations of three keys.</summary>
[Collection(FleetCollection.Name)]
public sealed class FleetClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task FleetNode_ThreeNodesFourRegistrations_EveryTaskFinishesOnceWithinEachKeysBudget()
    {
        // reg-0 and reg-1 share one Clerk key: their four syncs must draw from one budget.
        await using var fx = await FleetFixture.StartAsync(simulators: 3, keys: [0, 0, 1, 2]);
        var tasks = fx.Registrations.ToDictionary(r => r.Name, r => new[] { ServiceHarness.SyncFullTask(), ServiceHarness.SyncFullTask() });
        foreach (var r in fx.Registrations)
        {
            foreach (var t in tasks[r.Name])
            {
                r.C1.State.Enqueue(t);
            }
        }

        var config = fx.Config();
        var nodes = new List<FleetNode>();
        try
        {
            await StartNodesAsync(fx, config, nodes, 3);

            foreach (var r in fx.Registrations)
            {
                var finished = await FinishesAsync(r.C1.State, 2);
                Assert.Equal(tasks[r.Name].Select(t => t.Id).Order(), finished.Select(f => f.TaskId).Order());
                Assert.All(finished, f => Assert.NotNull(f.Success));
                AssertUploadsMatch(r);
            }

            // Each registration is served by exactly one node; registrations of one key by the same one.
            var hosts = fx.Registrations.ToDictionary(r => r.Name, r => Assert.Single(r.C1.State.Hellos.Select(h => h.HostId).Distinct()));
            Assert.Equal(hosts["reg-0"], hosts["reg-1"]);
            output.WriteLine("holders: " + string.Join(", ", hosts.Select(h => $"{h.Key}@{h.Value}")));
            AssertBudgets(fx);
        }
        finally
        {
            await StopAllAsync(nodes);
        }
    }

    [Fact]
    public async Task FleetNode_HolderLeavesGracefully_RegistrationResumesElsewhereAndFinishesNextTaskOnce()
    {
        await using var fx = await FleetFixture.StartAsync(simulators: 2, keys: [0, 1]);
        var config = fx.Config();
        var nodes = new List<FleetNode>();
        try
        {
            await StartNodesAsync(fx, config, nodes, 3);

            var reg = fx.Registrations[1];
            await ServiceHarnessWait(() => !reg.C1.State.Hellos.IsEmpty);
            var firstHost = reg.C1.State.Hellos.First().HostId;
            var holder = nodes[int.Parse(firstHost["node-".Length..], System.Globalization.CultureInfo.InvariantCulture)];

            // The first node runs the shard coordinator; leaving it is a bigger hand-off, still graceful.
            await holder.DisposeAsync().AsTask().WaitAsync(Wait);
            nodes.Remove(holder);
            await ServiceHarnessWait(() => reg.C1.State.Hellos.Any(h => h.HostId != firstHost));

            var task = ServiceHarness.SyncFullTask();
            reg.C1.State.Enqueue(task);
            var finished = Assert.Single(await FinishesAsync(reg.C1.State, 1));
            Assert.Equal(task.Id, finished.TaskId);
            Assert.NotNull(finished.Success);
            Assert.NotEqual(firstHost, finished.HostId);
            AssertUploadsMatch(reg);
            AssertBudgets(fx);
        }
        finally
        {
            await StopAllAsync(nodes);
        }
    }

    [Fact]
    public async Task FleetNode_HolderLeavesDuringASync_TheSyncFinishesBeforeTheRegistrationMoves()
    {
        await using var fx = await FleetFixture.StartAsync(simulators: 2, keys: [0, 1]);
        var reg = fx.Registrations[1];
        reg.Simulator.Latency = TimeSpan.FromMilliseconds(400); // The sync lasts seconds: the leave lands inside it.
        var config = fx.Config();
        var nodes = new List<FleetNode>();
        try
        {
            await StartNodesAsync(fx, config, nodes, 3);
            await ServiceHarnessWait(() => !reg.C1.State.Hellos.IsEmpty);
            var firstHost = reg.C1.State.Hellos.First().HostId;
            var holder = nodes[int.Parse(firstHost["node-".Length..], System.Globalization.CultureInfo.InvariantCulture)];

            var task = ServiceHarness.SyncFullTask();
            reg.C1.State.Enqueue(task);
            await ServiceHarnessWait(() => reg.Simulator.RequestLog.Count > 0);
            await holder.DisposeAsync().AsTask().WaitAsync(Wait);
            nodes.Remove(holder);

            // The leaving node finished the task it had claimed, with success, before it let go of the registration.
            var finished = Assert.Single(await FinishesAsync(reg.C1.State, 1));
            Assert.Equal(task.Id, finished.TaskId);
            Assert.NotNull(finished.Success);
            Assert.Equal(firstHost, finished.HostId);
            AssertUploadsMatch(reg);

            await ServiceHarnessWait(() => reg.C1.State.Hellos.Any(h => h.HostId != firstHost));
            var next = ServiceHarness.SyncFullTask();
            reg.C1.State.Enqueue(next);
            var second = Assert.Single(await FinishesAsync(reg.C1.State, 1));
            Assert.Equal(next.Id, second.TaskId);
            Assert.NotEqual(firstHost, second.HostId);
            AssertBudgets(fx);
        }
        finally
        {
            await StopAllAsync(nodes);
        }
    }

    /// <summary>Starts in-process nodes one after another, each joining the first, and waits until each is up.</summary>
    private static async Task StartNodesAsync(FleetFixture fx, FleetConfig config, List<FleetNode> nodes, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var node = await FleetNode.StartAsync(TestNodeOptions(), config, fx.Runtime($"node-{i}"));
            nodes.Add(node);
            node.Join(nodes[0].Address);
            await node.UpAsync().WaitAsync(Wait);
        }
    }

    internal static FleetNodeOptions TestNodeOptions() => new()
    {
        HostName = "127.0.0.1",
        Port = 0,
        Timings = FleetTimings.Test,
        ExtraHocon = "akka.loglevel = WARNING",
    };

    internal static async Task<List<FinishRequest>> FinishesAsync(FakeC1State state, int count)
    {
        using var timeout = new CancellationTokenSource(Wait);
        var list = new List<FinishRequest>();
        while (list.Count < count)
        {
            list.Add(await state.Finished.Reader.ReadAsync(timeout.Token));
        }

        return list;
    }

    internal static void AssertUploadsMatch(FleetFixture.Registration r)
    {
        var c1zs = r.C1.State.Uploads.Where(u => u.IsC1z).ToList();
        Assert.NotEmpty(c1zs);
        foreach (var upload in c1zs)
        {
            var file = Path.Combine(Path.GetTempPath(), $"fleet-{Guid.NewGuid():N}.c1z");
            File.WriteAllBytes(file, upload.Content);
            try
            {
                C1zAssert.MatchesDataset(r.Simulator.Dataset, file);
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    internal void AssertBudgets(FleetFixture fx)
    {
        foreach (var sim in fx.Simulators)
        {
            var busiest = FleetFixture.BusiestWindow(sim);
            output.WriteLine($"key {sim.Port}: {sim.RequestLog.Entries.Count} requests, busiest 10 s window {busiest} (budget {FleetFixture.Budget})");
            Assert.Equal(0, sim.RequestLog.CountStatus(429));
            Assert.True(busiest <= FleetFixture.Budget, $"{busiest} requests in one 10 s window (budget {FleetFixture.Budget})");
        }
    }

    internal static async Task ServiceHarnessWait(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Wait, "condition not reached in time");
            await Task.Delay(50);
        }
    }

    internal static async Task StopAllAsync(List<FleetNode> nodes)
    {
        // Youngest first, so the coordinator moves as little as possible; every node must stop on its own.
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            await nodes[i].DisposeAsync().AsTask().WaitAsync(Wait);
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetCollection
{
    public const string Name = "fleet cluster";
}
