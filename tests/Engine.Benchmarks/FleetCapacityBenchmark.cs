using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;
using BatonClerk.Engine.Sync.Store;

namespace BatonClerk.Benchmarks;

/// <summary>
/// How many registrations one fleet node can sync at once before its CPU, not Clerk's rate limit, sets the pace:
/// N instances (each its own simulator process, key and rate limit) synced at the same time in one actor system,
/// as a node holding N registrations with a task each would. Prints each sync's ratio to its floor and the node's
/// CPU use; the capacity is the largest N whose slowest sync stays near its floor.
/// </summary>
public static class FleetCapacityBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var a = Args.Parse(args);
        var syncs = a.Int("syncs", 4);
        var users = a.Int("users", 20_000);
        var orgs = a.Int("orgs", 600);
        var memberships = a.Int("memberships", 30_000);
        var latencyMs = a.Int("latency-ms", 100);
        var limit = a.Int("limit", 50);
        var port = a.Int("port", 5300);

        var simulators = new List<SimulatorProcess>();
        try
        {
            for (var i = 0; i < syncs; i++)
            {
                simulators.Add(SimulatorProcess.Start(users, orgs, memberships, latencyMs, limit, port + i));
            }

            Console.WriteLine($"{syncs} simulators ready: {users} users, {orgs} orgs, {memberships} memberships each, {latencyMs} ms latency, limit {limit}/10 s each");
            var system = RateFloor.EngineSystem("capacity");
            var engineCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var simCpuBefore = simulators.Aggregate(TimeSpan.Zero, (t, s) => t + s.Cpu);
            var started = Stopwatch.GetTimestamp();
            var runs = simulators.Select((sim, i) => RunOneAsync(system, sim, limit, i)).ToList();
            var walls = await Task.WhenAll(runs);
            var wall = Stopwatch.GetElapsedTime(started);
            var engineCpu = Process.GetCurrentProcess().TotalProcessorTime - engineCpuBefore;
            var simCpu = simulators.Aggregate(TimeSpan.Zero, (t, s) => t + s.Cpu) - simCpuBefore;
            await system.Terminate();

            var fewest = RateFloor.FewestRequests(users, orgs, memberships, simulators[0].Roles, simulators[0].Permissions);
            var floor = RateFloor.Of(fewest, limit, latencyMs);
            var ratios = walls.Select(w => w / floor).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                fleet-capacity: {syncs} concurrent syncs, {users} users / {orgs} orgs / {memberships} memberships each, {limit} per 10 s each
                  floor per sync : {floor.TotalSeconds:F1} s (fewest requests {fewest})
                  wall per sync  : {string.Join(", ", walls.Select(w => w.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)))} s
                  ratio          : worst {ratios.Max():F3}, mean {ratios.Average():F3}
                  all done       : {wall.TotalSeconds:F1} s
                  engine CPU     : {engineCpu.TotalSeconds:F1} s = {engineCpu / wall / Environment.ProcessorCount * 100:F0} % of {Environment.ProcessorCount} cores over the run
                  simulator CPU  : {simCpu.TotalSeconds:F1} s (all {syncs} simulators)
                """));
            return 0;
        }
        finally
        {
            foreach (var sim in simulators)
            {
                sim.Dispose();
            }
        }
    }

    private static async Task<TimeSpan> RunOneAsync(ActorSystem system, SimulatorProcess sim, int limit, int index)
    {
        var output = Path.Combine(Path.GetTempPath(), $"capacity-{index}-{Guid.NewGuid():N}.c1z");
        var completion = new TaskCompletionSource<SyncSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = new SyncRequest(
            new SyncSettings { Budget = new RateBudget(limit, RateBudget.ClerkWindow) },
            gate => new ClerkClient(new ClerkClientOptions { SecretKey = sim.SecretKey, BaseUrl = sim.BaseUrl, Gate = gate }),
            () => new C1zSyncStore(C1zWriter.Create(output, new C1zWriterOptions())),
            completion);
        var started = Stopwatch.GetTimestamp();
        system.ActorOf(SyncSupervisor.Props(request), $"sync-{index}");
        var summary = await completion.Task;
        var wall = Stopwatch.GetElapsedTime(started);
        File.Delete(output);
        if (summary.RateLimited > 0)
        {
            Console.WriteLine($"  sync {index}: {summary.RateLimited} 429s");
        }

        return wall;
    }
}
