using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;
using BatonClerk.Engine.Sync.HeadStart;
using BatonClerk.Engine.Sync.Store;

namespace BatonClerk.Benchmarks;

/// <summary>
/// End-to-end sync against the simulator in a child process (so its dataset does not count against the engine's
/// memory), with latency and a sliding-window rate limit. Prints wall time against the physical floor.
/// </summary>
public static class PerfBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var a = Args.Parse(args);
        var users = a.Int("users", 50_000);
        var orgs = a.Int("orgs", 1_500);
        var memberships = a.Int("memberships", 70_000);
        var latencyMs = a.Int("latency-ms", 100);
        var limit = a.Int("limit", 100);
        // The product's choice when none is configured: it depends on the budget.
        var parallelism = a.Int("parallelism", SyncDefaults.ParallelismFor(new RateBudget(limit, RateBudget.ClerkWindow)));
        var partitions = a.Int("partitions", SyncDefaults.UserPartitions);
        var strategy = a.Str("strategy", "auto");
        var storeKind = a.Str("store", "c1z");
        // 0: the simulator takes a free port and says which, so a run left behind by a killed benchmark is no obstacle.
        var port = a.Int("port", 0);
        // The product's default: a resumable working file (with a journal); false measures the throwaway file.
        var resume = a.Str("resume", "true") == "true";
        // A daily one-shot sync writes over yesterday's file and carries its full sync (keep 2, the SDK's default):
        // true runs one unmeasured sync into the output first, so the measured one carries it.
        var previous = a.Str("previous", "false") == "true";

        var preEncoded = a.Str("pre-encoded", "true") == "true";
        using var simulator = SimulatorProcess.Start(users, orgs, memberships, latencyMs, limit, port, preEncoded);
        Console.WriteLine($"simulator ready: {users} users, {orgs} orgs, {memberships} memberships, {latencyMs} ms latency, limit {limit}/10 s, pre-encoded {preEncoded}");
        var http = new TimingHandler();

        var output = Path.Combine(Path.GetTempPath(), $"perf-{Guid.NewGuid():N}.c1z");
        var settings = new SyncSettings
        {
            Budget = new RateBudget(limit, RateBudget.ClerkWindow),
            Parallelism = parallelism,
            UserPartitions = partitions,
            MembershipStrategy = strategy switch
            {
                "instance" => MembershipStrategy.Instance,
                "per-organization" => MembershipStrategy.PerOrganization,
                _ => MembershipStrategy.Auto,
            },
            ProgressInterval = TimeSpan.FromSeconds(5),
        };
        var writerOptions = new C1zWriterOptions
        {
            CacheSizeMiB = a.Int("cache-mib", 32),
            ResumeFingerprint = resume ? "perf-benchmark" : null,
            CommitRows = a.Int("commit-rows", C1zWriterOptions.DefaultCommitRows),
            PageSize = a.Int("page-size", C1zWriterOptions.DefaultPageSize),
        };
        SyncRequest Request(HttpMessageHandler? handler, Func<ISyncStore> store, TaskCompletionSource<SyncSummary> done) => new(
            settings,
            gate => new ClerkClient(new ClerkClientOptions { SecretKey = simulator.SecretKey, BaseUrl = simulator.BaseUrl, Gate = gate, HttpMessageHandler = handler }),
            store,
            done);

        TimedStore? timed = null;
        if (previous && storeKind != "null")
        {
            var first = new TaskCompletionSource<SyncSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
            var warmSystem = RateFloor.EngineSystem("perf-previous");
            warmSystem.ActorOf(SyncSupervisor.Props(Request(null, () => new C1zSyncStore(C1zWriter.Create(output, writerOptions)), first)));
            await first.Task;
            await warmSystem.Terminate();
            warmSystem.Dispose();
            Console.WriteLine($"previous sync written ({new FileInfo(output).Length / 1048576.0:F1} MiB); waiting one rate-limit window");
            await Task.Delay(RateBudget.ClerkWindow + TimeSpan.FromSeconds(1));
            GC.Collect();
            // Peak RSS from here on (Linux: 5 resets VmHWM).
            File.WriteAllText("/proc/self/clear_refs", "5");
        }

        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var completion = new TaskCompletionSource<SyncSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        // As the executable does (ClerkSyncEngine.Prepare): the store is created on a pool thread while the actor
        // system starts, from the moment the clock below starts.
        Task<ISyncStore>? early = null;
        var request = Request(http, () => early!.GetAwaiter().GetResult(), completion) with
        {
            OnProgress = p =>
            {
                // The heap, what the GC holds from the OS, and SQLite's own allocations: what the RSS is made of.
                var gc = GC.GetGCMemoryInfo();
                Console.WriteLine($"  {p.Elapsed:mm\\:ss} {string.Join("  ", p.Pagers.Select(x => $"{x.Pager} {x.Items}"))}  requests {p.Requests}  429s {p.RateLimited}  RSS {Environment.WorkingSet / 1048576} MiB (GC heap {gc.HeapSizeBytes / 1048576}, committed {gc.TotalCommittedBytes / 1048576}, SQLite {SQLitePCL.raw.sqlite3_memory_used() / 1048576})");
            },
        };

        var ioBefore = ProcessIo();
        var engineCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var simCpuBefore = simulator.Cpu;
        var started = Stopwatch.GetTimestamp();
        ISyncStore MakeStore() => storeKind == "null" ? new NullStore() : timed = new TimedStore(C1zWriter.Create(output, writerOptions));
        // As ClerkSyncEngine.Prepare does: the first requests leave now (BENCH_HEAD_START=0 measures without them).
        if (Environment.GetEnvironmentVariable("BENCH_HEAD_START") != "0")
        {
            request = request with
            {
                HeadStart = HeadStartCalls.Begin(settings, gate => new ClerkClient(new ClerkClientOptions
                {
                    SecretKey = simulator.SecretKey, BaseUrl = simulator.BaseUrl, Gate = gate, HttpMessageHandler = http,
                })),
            };
        }

        if (Environment.GetEnvironmentVariable("BENCH_EARLY_STORE") == "0")
        {
            // For comparison: the store made in the supervisor's start, as before ClerkSyncEngine.Prepare.
            request = request with { StoreFactory = MakeStore };
        }
        else
        {
            early = Task.Run(MakeStore);
        }
        var system = RateFloor.EngineSystem("perf");
        var systemStarted = Stopwatch.GetTimestamp();
        system.ActorOf(SyncSupervisor.Props(request));
        var summary = await completion.Task;
        var completed = Stopwatch.GetTimestamp();
        await system.Terminate();
        system.Dispose();
        var ended = Stopwatch.GetTimestamp();
        var wall = Stopwatch.GetElapsedTime(started, ended);
        var engineCpu = Process.GetCurrentProcess().TotalProcessorTime - engineCpuBefore;
        var ioAfter = ProcessIo();
        var simCpu = simulator.Cpu - simCpuBefore;
        var toFirst = Stopwatch.GetElapsedTime(started, http.FirstSent);
        var afterLast = Stopwatch.GetElapsedTime(http.LastReceived, ended);

        var fewest = RateFloor.FewestRequests(users, orgs, memberships, simulator.Roles, simulator.Permissions);
        var floor = RateFloor.Of(fewest, limit, latencyMs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            perf: {users} users / {orgs} orgs / {memberships} memberships, parallelism {parallelism}, memberships {summary.MembershipPlan}, resumable store {resume}, over a previous sync {previous}
              wall time      : {wall.TotalSeconds:F1} s
              floor          : {floor.TotalSeconds:F1} s  (fewest requests {fewest}, {limit} per 10 s, {latencyMs} ms latency)
              ratio          : {wall / floor:F3}
              requests       : {summary.Requests} made, fewest {fewest}, retries {summary.Retries}
              429s           : {summary.RateLimited}
              grants         : {summary.Grants}, resources {summary.Resources}
              peak RSS       : {PeakRssMiB():F0} MiB
              engine CPU     : {engineCpu.TotalSeconds:F1} s = {engineCpu.TotalMicroseconds / Math.Max(1, users + orgs + memberships):F1} µs per Clerk object (users + orgs + memberships)
              simulator CPU  : {simCpu.TotalSeconds:F1} s
              file I/O       : {(ioAfter.Written - ioBefore.Written) / 1048576.0:F0} MiB written, {(ioAfter.Read - ioBefore.Read) / 1048576.0:F0} MiB read (all of the engine's read/write calls)
              GCs            : gen0 {GC.CollectionCount(0) - gcBefore.Item1}, gen1 {GC.CollectionCount(1) - gcBefore.Item2}, gen2 {GC.CollectionCount(2) - gcBefore.Item3}, pause {(GC.GetTotalPauseDuration() - gcBefore.Item4).TotalSeconds:F1} s, {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1048576.0:F0} MiB allocated
              first request  : {toFirst.TotalMilliseconds:F0} ms after start ({(request.HeadStart is { } head ? $"head start: {head.Planned} requests before the sync, {head.Taken} of them taken; actor system {Stopwatch.GetElapsedTime(started, systemStarted).TotalMilliseconds:F0} ms" : $"no head start; actor system {Stopwatch.GetElapsedTime(started, systemStarted).TotalMilliseconds:F0} ms, then the sync's own start-up {Stopwatch.GetElapsedTime(systemStarted, http.FirstSent).TotalMilliseconds:F0} ms")})
              sends per second: {http.SendsPerSecond()}
              after last     : {afterLast.TotalMilliseconds:F0} ms from the last response to the end (system terminated)
            {AfterLastBreakdown(http.FirstSent, http.LastReceived, timed, completed, ended)}
            """));
        if (a.Str("timeline", "") is { Length: > 0 } timeline)
        {
            File.WriteAllLines(timeline, http.Timeline());
        }

        // After every figure above (the regenerated dataset must not count in the engine's peak RSS).
        var problems = new List<string>();
        if (storeKind != "null" && a.Str("check", "true") == "true")
        {
            // The simulator's dataset: its generator is deterministic for these counts and its default seed.
            var dataset = new Simulator.SimDatasetOptions { Users = users, Organizations = orgs, Memberships = memberships, Seed = 1 };
            problems = DatasetCheck.Compare(output, dataset);
            Console.WriteLine($"  c1z vs dataset : {DatasetCheck.Describe(problems, dataset)}");
        }

        if (storeKind != "null")
        {
            if (a.Str("keep", "") is { Length: > 0 } keep)
            {
                File.Move(output, keep, overwrite: true);
            }
            else
            {
                File.Delete(output);
            }
        }

        return problems.Count == 0 ? 0 : 1;
    }

    // Each step from the last Clerk response to the end, so the time after it is told apart by cause.
    private static string AfterLastBreakdown(long firstSent, long lastResponse, TimedStore? store, long completed, long ended)
    {
        static string Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
        if (store is null)
        {
            return $"  completion → terminated {Ms(completed, ended)} ms";
        }

        var phases = store.Written is { } w
            ? string.Join(", ", w.Phases.Select(p => $"{p.Key} {p.Value.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)}"))
            : "";
        return string.Create(CultureInfo.InvariantCulture, $"  store busy     : {store.Busy.TotalSeconds:F1} s writing rows on the store's thread{(store.IdleBuild is { } idle ? $", indexes built while waiting on the rate limit in {idle.TotalMilliseconds:F0} ms ({store.IdleSteps} steps, {Ms(firstSent, store.IdleTimes.Started)} to {Ms(firstSent, store.IdleTimes.Ended)} ms after the first request)" : "")}\n"
            + $"  after last by step: last response → last page stored {Ms(lastResponse, store.LastPut)} ms, → complete starts {Ms(store.LastPut, store.CompleteStarted)} ms, "
            + $"complete {Ms(store.CompleteStarted, store.CompleteEnded)} ms ({phases}), → summary {Ms(store.CompleteEnded, completed)} ms, → terminated {Ms(completed, ended)} ms");
    }

    // wchar/rchar: bytes through read and write calls, page cache or not (sockets included; they are small here).
    private static (long Read, long Written) ProcessIo()
    {
        long read = 0, written = 0;
        foreach (var line in File.ReadLines("/proc/self/io"))
        {
            if (line.StartsWith("rchar:", StringComparison.Ordinal))
            {
                read = long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("wchar:", StringComparison.Ordinal))
            {
                written = long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return (read, written);
    }

    private static double PeakRssMiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    }

    private sealed class NullStore : ISyncStore
    {
        private long _resources;
        private long _entitlements;
        private long _grants;

        public string SyncId => "null";

        public bool Resumed => false;

        public IReadOnlyDictionary<string, string> LoadState() => new Dictionary<string, string>();

        public void SaveState(IReadOnlyCollection<KeyValuePair<string, string>> entries) { }

        public void PutResourceTypes(IReadOnlyCollection<ResourceType> items) { }

        public void PutResources(IReadOnlyCollection<Resource> items) => _resources += items.Count;

        public void PutEntitlements(IReadOnlyCollection<Entitlement> items) => _entitlements += items.Count;

        public void PutGrants(IReadOnlyCollection<Grant> items) => _grants += items.Count;

        public StoreSummary Complete(BatonClerk.Engine.C1z.C1zCompletion completion) => new(4, _resources, _entitlements, _grants, null, 0);

        public void Dispose() { }
    }
}
