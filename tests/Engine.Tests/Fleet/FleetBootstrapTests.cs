using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Net.Sockets;
using Akka.Cluster;
using BatonClerk.Engine.Fleet;
using BatonClerk.Engine.Tests.Service.Fakes;
using Newtonsoft.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
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
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < ports.Count; i++)
            {
                nodes.Add(await FleetNode.StartAsync(BootstrapOptions(ports[i], contactPoints), config, fx.Runtime($"node-{i}")));
            }

            await Task.WhenAll(nodes.Select(n => n.UpAsync())).WaitAsync(Wait);
            await FleetClusterTests.ServiceHarnessWait(() => nodes.All(n => Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 3));
            output.WriteLine($"bootstrap: first node started -> 3 members up in {clock.Elapsed.TotalSeconds:F1} s (stable margin {FleetTimings.Test.BootstrapStableMargin.TotalSeconds:F0} s)");
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
    public async Task Executable_BootstrapsWithTwoInProcessNodes_JoinsTheFleetAndLeavesOnSigterm()
    {
        await using var fx = await FleetFixture.StartAsync(simulators: 3, keys: [0, 1, 2]);
        var ports = FreePorts(3);
        var contactPoints = ports.Select(p => $"127.0.0.1:{p}").ToList();
        var log = new StringBuilder();
        var childPort = FleetFailoverTests.FreePort();

        // The executable is node-2, configured only through the environment a container would get.
        using var child = FleetFailoverTests.StartChild(fx, childPort, seed: null, log, new Dictionary<string, string>
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
            Assert.Contains(Cluster.Get(nodes[0].System).State.Members, m => m.Address.Port == childPort);

            // Every registration is served, wherever the fleet placed it (the executable included).
            var tasks = fx.Registrations.ToDictionary(r => r.Name, _ => ServiceHarness.SyncFullTask());
            foreach (var r in fx.Registrations)
            {
                r.C1.State.Enqueue(tasks[r.Name]);
            }

            foreach (var r in fx.Registrations)
            {
                var finished = Assert.Single(await FleetClusterTests.FinishesAsync(r.C1.State, 1));
                Assert.Equal(tasks[r.Name].Id, finished.TaskId);
                Assert.NotNull(finished.Success);
                FleetClusterTests.AssertUploadsMatch(r);
            }

            output.WriteLine("holders: " + string.Join(", ", fx.Registrations.Select(r => $"{r.Name}@{r.C1.State.Hellos.First().HostId}")));

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
    public async Task StartAsync_KubernetesDiscovery_TwoPodsFoundThroughTheApiFormOneCluster()
    {
        await using var fx = await FleetFixture.StartAsync(simulators: 1, keys: [0]);
        var managementPort = FleetFailoverTests.FreePort();
        var apiPort = FleetFailoverTests.FreePort();

        // A fake Kubernetes API: two running pods of the service, on two loopback addresses, and one being deleted.
        var dir = Path.Combine(fx.TempDirectory, "k8s");
        Directory.CreateDirectory(dir);
        using (var certificate = SelfSignedCertificate.Create())
        {
            File.WriteAllBytes(Path.Combine(dir, "api.pfx"), certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "fake"));
        }

        using var api = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [$"https://127.0.0.1:{apiPort}"],
            UseSSL = true,
            CertificateSettings = new WireMockCertificateSettings { X509CertificateFilePath = Path.Combine(dir, "api.pfx"), X509CertificatePassword = "fake" },
        });
        api.Given(Request.Create().WithPath("/api/v1/namespaces/fleet-ns/pods").WithParam("labelSelector", "app=clerk-fleet").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(PodList(
                ("clerk-fleet-0", "127.0.0.1", false), ("clerk-fleet-1", "127.0.0.2", false), ("clerk-fleet-2", "127.0.0.3", true))));

        // What a pod has: the API's address in the environment, a service-account token and namespace; the kubeconfig
        // only tells the client to trust the fake API's self-signed certificate.
        File.WriteAllText(Path.Combine(dir, "token"), "test-token");
        File.WriteAllText(Path.Combine(dir, "kubeconfig"), $$"""
            apiVersion: v1
            kind: Config
            clusters: [{ name: fake, cluster: { server: "https://127.0.0.1:{{apiPort}}", insecure-skip-tls-verify: true } }]
            users: [{ name: fake, user: { token: test-token } }]
            contexts: [{ name: fake, context: { cluster: fake, user: fake } }]
            current-context: fake
            """);
        Environment.SetEnvironmentVariable("KUBECONFIG", Path.Combine(dir, "kubeconfig"));
        Environment.SetEnvironmentVariable("FLEET_TEST_K8S_HOST", "127.0.0.1");
        Environment.SetEnvironmentVariable("FLEET_TEST_K8S_PORT", apiPort.ToString(CultureInfo.InvariantCulture));
        var k8s = $$"""
            akka.discovery.kubernetes-api {
              api-service-host-env-name = "FLEET_TEST_K8S_HOST"
              api-service-port-env-name = "FLEET_TEST_K8S_PORT"
              api-token-path = "{{Path.Combine(dir, "token")}}"
              pod-namespace = "fleet-ns"
            }
            """;

        var config = fx.Config();
        var nodes = new List<FleetNode>();
        try
        {
            foreach (var host in new[] { "127.0.0.2", "127.0.0.1" })
            {
                nodes.Add(await FleetNode.StartAsync(new FleetNodeOptions
                {
                    HostName = host,
                    Port = 0,
                    MinimumMembers = 2,
                    Timings = FleetTimings.Test,
                    ExtraHocon = "akka.loglevel = WARNING\n" + k8s,
                    Bootstrap = new FleetBootstrapOptions { Discovery = FleetDiscovery.Kubernetes, ManagementPort = managementPort, ServiceName = "clerk-fleet" },
                }, config, fx.Runtime($"node-{host}")));
            }

            await Task.WhenAll(nodes.Select(n => n.UpAsync())).WaitAsync(Wait);
            await FleetClusterTests.ServiceHarnessWait(() => nodes.All(n => Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 2));

            // The pod with the lowest address formed the cluster, though its node started second.
            var oldest = Cluster.Get(nodes[0].System).State.Members.OrderBy(m => m, Member.AgeOrdering).First();
            Assert.Equal("127.0.0.1", oldest.Address.Host);
            Assert.NotEmpty(api.LogEntries);
        }
        finally
        {
            await FleetClusterTests.StopAllAsync(nodes);
            foreach (var name in new[] { "KUBECONFIG", "FLEET_TEST_K8S_HOST", "FLEET_TEST_K8S_PORT" })
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    private static string PodList(params (string Name, string Ip, bool Deleting)[] pods) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            kind = "PodList",
            apiVersion = "v1",
            metadata = new { },
            items = pods.Select(p => new
            {
                metadata = new { name = p.Name, @namespace = "fleet-ns", deletionTimestamp = p.Deleting ? "2026-12-07T00:00:00Z" : null },
                spec = new { containers = new[] { new { name = "baton-clerk" } } },
                status = new { phase = "Running", podIP = p.Ip },
            }),
        });

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
