using System.Diagnostics;
using System.Globalization;
using System.Text;
using BatonClerk.Engine.Fleet;
using BatonClerk.Engine.Tests.Service.Fakes;
using BatonClerk.Engine.Tests.Support;
using Xunit.Abstractions;

namespace BatonClerk.Engine.Tests.Fleet;

/// <summary>
/// A real crash: two fleet nodes in this process and a third, the real executable, in a child process killed with
/// SIGKILL in the middle of a sync. Its registration must resume on a survivor and its task be done exactly once.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class FleetFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task FleetNode_ChildNodeKilledMidSync_RegistrationResumesOnSurvivorAndTaskFinishesOnce()
    {
        await using var fx = await FleetFixture.StartAsync(simulators: 3, keys: [0, 1, 2]);
        foreach (var sim in fx.Simulators)
        {
            sim.Latency = TimeSpan.FromMilliseconds(300); // A sync lasts a few seconds: long enough to be killed inside.
        }

        // The child starts the cluster, so it is the oldest member and runs the shard coordinator: the crash must also
        // move the coordinator, on a fleet of exactly --cluster-min-members nodes.
        await using var fleet = await ChildLedFleet.StartAsync(fx);
        var child = fleet.Child;
        var childLog = fleet.Log;
        var holders = fleet.Holders;
        output.WriteLine("holders: " + string.Join(", ", holders.Select(h => $"{h.Key}@{h.Value}")));
        var victim = fleet.OnChild;
        var tasks = fx.Registrations.ToDictionary(r => r.Name, _ => ServiceHarness.SyncFullTask());
        foreach (var r in fx.Registrations)
        {
            r.C1.State.Enqueue(tasks[r.Name]);
        }

        // Kill once the victim's sync has sent its first Clerk request, long before it could finish.
        await Until(() => victim.Simulator.RequestLog.Count > 0, () => "the child never started the sync; child: " + childLog);
        child.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        await child.WaitForExitAsync();
        Assert.False(victim.C1.State.Finished.Reader.TryPeek(out _), "the killed node finished the task before it died");

        // C1's side: a task whose heartbeats stopped is handed out again. A heartbeat the child sent just before
        // it died may still be counted by the server after the exit, so the baseline is taken a moment later.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var heartbeats = victim.C1.State.Heartbeats;
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(heartbeats, victim.C1.State.Heartbeats);
        victim.C1.State.Enqueue(tasks[victim.Name]);

        await Until(() => victim.C1.State.Hellos.Any(h => h.HostId != "node-2"), () => "the registration did not resume on a survivor");
        var resumedAt = DateTimeOffset.UtcNow;
        var helloSeconds = (resumedAt - killedAt).TotalSeconds;

        foreach (var r in fx.Registrations)
        {
            var finish = Assert.Single(await FinishesOrExplainAsync(r, holders[r.Name]));
            Assert.Equal(tasks[r.Name].Id, finish.TaskId);
            Assert.NotNull(finish.Success);
            FleetClusterTests.AssertUploadsMatch(r);
        }

        var victimFinish = victim.C1.State.FinishedTaskIds.Keys.Single();
        Assert.Equal(tasks[victim.Name].Id, victimFinish);
        // Requests the child sent just before it died can be logged after the kill; the survivor's start after its Hello.
        var firstResumed = victim.Simulator.RequestLog.Entries.Select(e => e.Timestamp).Where(t => t > resumedAt).Min();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"failover: kill -> Hello from a survivor {helloSeconds:F1} s, kill -> first resumed Clerk request {(firstResumed - killedAt).TotalSeconds:F1} s (includes the new gate's one-window hold)"));
        new FleetClusterTests(output).AssertBudgets(fx);

        // Nothing finished twice, and the survivors stop on their own.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.All(fx.Registrations, r => Assert.False(r.C1.State.Finished.Reader.TryRead(out _)));
    }

    [Fact]
    public async Task FleetNode_ChildNodeSigtermMidSync_FinishesItsTaskThenExitsZeroAndTheRegistrationMoves()
    {
        await using var fx = await FleetFixture.StartAsync(simulators: 3, keys: [0, 1, 2]);
        foreach (var sim in fx.Simulators)
        {
            sim.Latency = TimeSpan.FromMilliseconds(300);
        }

        // The child starts the cluster here too: it leaves as the coordinator's node, the bigger hand-off.
        await using var fleet = await ChildLedFleet.StartAsync(fx);
        var child = fleet.Child;
        var childLog = fleet.Log;
        var leaver = fleet.OnChild;
        var task = ServiceHarness.SyncFullTask();
        leaver.C1.State.Enqueue(task);
        await Until(() => leaver.Simulator.RequestLog.Count > 0, () => "the child never started the sync; child: " + childLog);

        // What a container runtime sends on stop: the node drains, then leaves on its own.
        using (var term = Process.Start("kill", ["-TERM", child.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        await child.WaitForExitAsync().WaitAsync(Wait);
        Assert.True(child.ExitCode == 0, $"exit {child.ExitCode}; child: {childLog}");
        var finish = Assert.Single(await FleetClusterTests.FinishesAsync(leaver.C1.State, 1));
        Assert.Equal(task.Id, finish.TaskId);
        Assert.NotNull(finish.Success);
        Assert.Equal("node-2", finish.HostId);
        FleetClusterTests.AssertUploadsMatch(leaver);

        await Until(() => leaver.C1.State.Hellos.Any(h => h.HostId != "node-2"), () => "the registration did not move to a survivor");
        var next = ServiceHarness.SyncFullTask();
        leaver.C1.State.Enqueue(next);
        var second = Assert.Single(await FleetClusterTests.FinishesAsync(leaver.C1.State, 1));
        Assert.Equal(next.Id, second.TaskId);
        Assert.NotEqual("node-2", second.HostId);
        new FleetClusterTests(output).AssertBudgets(fx);
    }

    /// <summary>
    /// The executable as node-2, started first so it forms the cluster, two in-process nodes joining it, and every
    /// registration said Hello; disposing kills the child if it still runs and stops the in-process nodes.
    /// </summary>
    private sealed class ChildLedFleet : IAsyncDisposable
    {
        private readonly List<FleetNode> _nodes = [];

        private ChildLedFleet(Process child, StringBuilder log)
        {
            Child = child;
            Log = log;
        }

        public Process Child { get; }

        public StringBuilder Log { get; }

        public Dictionary<string, string> Holders { get; private set; } = [];

        /// <summary>A registration the child holds.</summary>
        public FleetFixture.Registration OnChild { get; private set; } = null!;

        public static async Task<ChildLedFleet> StartAsync(FleetFixture fx)
        {
            var port = FreePort();
            var log = new StringBuilder();
            var fleet = new ChildLedFleet(StartChild(fx, port, $"127.0.0.1:{port}", log), log);
            try
            {
                var childAddress = Akka.Actor.Address.Parse($"akka.tcp://{FleetNodeOptions.SystemName}@127.0.0.1:{port}");
                var config = fx.Config();
                for (var i = 0; i < 2; i++)
                {
                    var node = await FleetNode.StartAsync(Options(), config, fx.Runtime($"node-{i}"));
                    fleet._nodes.Add(node);
                    node.Join(childAddress);
                }

                await Until(() => fx.Registrations.All(r => !r.C1.State.Hellos.IsEmpty), () => "not every registration said Hello; child: " + log);
                fleet.Holders = fx.Registrations.ToDictionary(r => r.Name, r => r.C1.State.Hellos.First().HostId);
                fleet.OnChild = fx.Registrations.FirstOrDefault(r => fleet.Holders[r.Name] == "node-2")
                    ?? throw new Xunit.Sdk.XunitException("no registration was placed on the child node: " + string.Join(", ", fleet.Holders));
                return fleet;
            }
            catch
            {
                await fleet.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!Child.HasExited)
            {
                Child.Kill();
            }

            Child.Dispose();
            await FleetClusterTests.StopAllAsync(_nodes);
        }
    }

    private static async Task<List<BatonClerk.Engine.Baton.ServiceV1.BatonServiceFinishTaskRequest>> FinishesOrExplainAsync(FleetFixture.Registration r, string firstHolder)
    {
        try
        {
            return await FleetClusterTests.FinishesAsync(r.C1.State, 1);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException(
                $"{r.Name} (first on {firstHolder}) finished no task: hellos from [{string.Join(", ", r.C1.State.Hellos.Select(h => h.HostId))}], " +
                $"{r.C1.State.Tasks.Count} tasks still queued, {r.C1.State.GetTaskCalls} GetTask calls, {r.C1.State.Heartbeats} heartbeats, " +
                $"{r.Simulator.RequestLog.Count} Clerk requests");
        }
    }

    private static FleetNodeOptions Options() => new()
    {
        HostName = "127.0.0.1",
        Port = 0,
        MinimumMembers = 3,
        Timings = FleetTimings.Test,
        ExtraHocon = "akka.loglevel = WARNING",
    };

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The executable as fleet node-2; <paramref name="seed"/> null: no seed nodes (the extra environment bootstraps it).</summary>
    internal static Process StartChild(FleetFixture fx, int port, string? seed, StringBuilder log, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var dir = Path.Combine(fx.TempDirectory, "node-2");
        Directory.CreateDirectory(dir);
        var fleetFile = Path.Combine(dir, "fleet.yaml");
        File.WriteAllText(fleetFile, fx.Yaml());
        var trust = Path.Combine(dir, "fake-c1.pem");
        File.WriteAllText(trust, string.Concat(fx.Registrations.Select(r => r.C1.CertificatePem + "\n")));
        var env = new Dictionary<string, string>(fx.Environment())
        {
            ["BATON_FLEET_CONFIG"] = fleetFile,
            ["BATON_CLUSTER_HOSTNAME"] = "127.0.0.1",
            ["BATON_CLUSTER_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["BATON_CLUSTER_MIN_MEMBERS"] = "3",
            ["BATON_HOST_ID"] = "node-2",
            ["BATON_C1Z_TEMP_DIR"] = dir,
            ["BATON_TASK_CONCURRENCY"] = "1",
            ["BATON_LOG_FORMAT"] = "json",
            ["SSL_CERT_FILE"] = trust,
        };
        if (seed is not null)
        {
            env["BATON_CLUSTER_SEED_NODES"] = seed;
        }

        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            env[name] = value;
        }

        var child = HostProcess.Start([], env, dir);
        child.ErrorDataReceived += (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }
        };
        child.BeginErrorReadLine();
        return child;
    }

    internal static async Task Until(Func<bool> condition, Func<string> why)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Wait)
            {
                throw new Xunit.Sdk.XunitException(why());
            }

            await Task.Delay(50);
        }
    }
}
