using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Net.Sockets;
using Akka.Cluster;
using BatonClerk.Engine.Fleet;
using BatonClerk.Engine.Tests.Service.Fakes;
using Newtonsoft.Json;
using Xunit.Abstractions;
using SeedNodes = Akka.Management.Cluster.Bootstrap.ContactPoint.HttpBootstrapJsonProtocol.SeedNodes;

namespace BatonClerk.Engine.Tests.Fleet;

/// <summary>Three nodes with no seed nodes form one cluster through Akka.Management bootstrap (config discovery on 127.0.0.1).</summary>
[Collection(FleetCollection.Name)]
public sealed class FleetBootstrapTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task StartAsync_ThreeNodesWithConfigDiscoveryAndNoSeeds_FormOneClusterAndServeTheirRegistrations()
    {
        await using var fx = await FleetFixture.StartAsync(simulators: 2, keys: [0, 1]);
        var config = fx.Config();
        var ports = FreePorts(3);
        var contactPoints = ports.Select(p => $"127.0.0.1:{p}").ToList();
        var nodes = new List<FleetNode>();
        try
        {
            // Started together and never told whom to join: bootstrap alone must bring them into one cluster.
            for (var i = 0; i < ports.Count; i++)
            {
                nodes.Add(await FleetNode.StartAsync(BootstrapOptions(ports[i], contactPoints), config, fx.Runtime($"node-{i}")));
            }

            await Task.WhenAll(nodes.Select(n => n.UpAsync())).WaitAsync(Wait);
            await FleetClusterTests.ServiceHarnessWait(() => nodes.All(n => Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 3));
            var leaders = nodes.Select(n => Cluster.Get(n.System).State.Leader).Distinct().ToList();
            Assert.Single(leaders);

            // The lowest contact point forms the cluster: its node is the oldest, the others joined it.
            var first = nodes[ports.IndexOf(ports.Min())];
            var oldest = Cluster.Get(nodes[0].System).State.Members.OrderBy(m => m, Member.AgeOrdering).First();
            Assert.Equal(first.Address, oldest.Address);

            // Each node's endpoint answers Akka's prober with itself and the three members.
            using var http = new HttpClient();
            for (var i = 0; i < nodes.Count; i++)
            {
                var body = await http.GetStringAsync(new Uri($"http://{contactPoints[i]}/bootstrap/seed-nodes"));
                var seeds = JsonConvert.DeserializeObject<SeedNodes>(body)!;
                Assert.Equal(nodes[i].Address, seeds.SelfNode);
                Assert.Equal(nodes.Select(n => n.Address).Order().ToList(), seeds.Nodes.Select(m => m.Node).Order().ToList());
            }

            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri($"http://{contactPoints[0]}/bootstrap/other"))).StatusCode);

            foreach (var r in fx.Registrations)
            {
                var task = ServiceHarness.SyncFullTask();
                r.C1.State.Enqueue(task);
                var finished = Assert.Single(await FleetClusterTests.FinishesAsync(r.C1.State, 1));
                Assert.Equal(task.Id, finished.TaskId);
                Assert.NotNull(finished.Success);
                FleetClusterTests.AssertUploadsMatch(r);
                Assert.Single(r.C1.State.Hellos.Select(h => h.HostId).Distinct());
            }

            new FleetClusterTests(output).AssertBudgets(fx);
        }
        finally
        {
            await FleetClusterTests.StopAllAsync(nodes);
        }
    }

    [Fact]
    public async Task Executable_BootstrapsWithTwoInProcessNodes_ServesItsRegistrationAndLeavesOnSigterm()
    {
        await using var fx = await FleetFixture.StartAsync(simulators: 3, keys: [0, 1, 2]);
        var ports = FreePorts(3);
        var contactPoints = ports.Select(p => $"127.0.0.1:{p}").ToList();
        var log = new StringBuilder();

        // The executable is node-2, configured only through the environment a container would get.
        using var child = FleetFailoverTests.StartChild(fx, FleetFailoverTests.FreePort(), seed: null, log, new Dictionary<string, string>
        {
            ["BATON_CLUSTER_DISCOVERY"] = "config",
            ["BATON_CLUSTER_CONTACT_POINTS"] = string.Join(",", contactPoints),
            ["BATON_CLUSTER_MANAGEMENT_PORT"] = ports[2].ToString(CultureInfo.InvariantCulture),
        });
        var nodes = new List<FleetNode>();
        try
        {
            var config = fx.Config();
            for (var i = 0; i < 2; i++)
            {
                nodes.Add(await FleetNode.StartAsync(BootstrapOptions(ports[i], contactPoints), config, fx.Runtime($"node-{i}")));
            }

            await FleetFailoverTests.Until(
                () => nodes.All(n => Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 3),
                () => "the three nodes did not form one cluster; child: " + log);
            await FleetFailoverTests.Until(() => fx.Registrations.All(r => !r.C1.State.Hellos.IsEmpty), () => "not every registration said Hello; child: " + log);
            var onChild = fx.Registrations.FirstOrDefault(r => r.C1.State.Hellos.First().HostId == "node-2")
                ?? throw new Xunit.Sdk.XunitException("no registration was placed on the executable: " + log);

            var task = ServiceHarness.SyncFullTask();
            onChild.C1.State.Enqueue(task);
            var finished = Assert.Single(await FleetClusterTests.FinishesAsync(onChild.C1.State, 1));
            Assert.Equal(task.Id, finished.TaskId);
            Assert.NotNull(finished.Success);
            Assert.Equal("node-2", finished.HostId);
            FleetClusterTests.AssertUploadsMatch(onChild);

            using (var term = Process.Start("kill", ["-TERM", child.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            await child.WaitForExitAsync().WaitAsync(Wait);
            Assert.True(child.ExitCode == 0, $"exit {child.ExitCode}; child: {log}");
            Assert.Contains("bootstraps through", log.ToString(), StringComparison.Ordinal);
            Assert.Contains("\"Discovery\":\"config\"", log.ToString(), StringComparison.Ordinal);
            new FleetClusterTests(output).AssertBudgets(fx);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }

            await FleetClusterTests.StopAllAsync(nodes);
        }
    }

    [Fact]
    public async Task StartAsync_BootstrapWithSeedNodes_ThrowsBeforeStarting()
    {
        await using var fx = await FleetFixture.StartAsync(simulators: 1, keys: [0]);
        var options = new FleetNodeOptions
        {
            HostName = "127.0.0.1",
            Port = 0,
            SeedNodes = ["127.0.0.1:4053"],
            Bootstrap = new FleetBootstrapOptions { ContactPoints = ["127.0.0.1:8558"] },
            Timings = FleetTimings.Test,
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => FleetNode.StartAsync(options, fx.Config(), fx.Runtime("node-0")));
        Assert.Contains("exclude each other", error.Message, StringComparison.Ordinal);
    }

    private static FleetNodeOptions BootstrapOptions(int managementPort, IReadOnlyList<string> contactPoints) =>
        new()
        {
            HostName = "127.0.0.1",
            Port = 0,
            Timings = FleetTimings.Test,
            ExtraHocon = "akka.loglevel = WARNING",
            MinimumMembers = 3,
            Bootstrap = new FleetBootstrapOptions { ManagementPort = managementPort, ContactPoints = contactPoints },
        };

    private static List<int> FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
