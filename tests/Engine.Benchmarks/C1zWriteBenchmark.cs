using System.Diagnostics;
using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;

namespace BatonClerk.Benchmarks;

/// <summary>
/// Writes N grants (plus the users, orgs and entitlements they reference) in batches of 1000 and packs the file,
/// reporting throughput with the pack included, since that is what a sync pays end to end.
/// </summary>
public static class C1zWriteBenchmark
{
    private const int BatchSize = 1000;
    private const int UsersPerOrg = 100;
    private static readonly Stopwatch PutClock = new();

    /// <summary>C1Z_BENCH_MESSAGES=1 writes through the message methods instead of encoded rows (the sync's path).</summary>
    private static readonly bool Messages = Environment.GetEnvironmentVariable("C1Z_BENCH_MESSAGES") == "1";

    /// <summary>
    /// C1Z_BENCH_SERIAL=1 builds and encodes each batch on the writer's thread; by default a second thread does, as
    /// the sync's pagers encode their pages off the store's thread, and the writer only stores rows.
    /// </summary>
    private static readonly bool Serial = Environment.GetEnvironmentVariable("C1Z_BENCH_SERIAL") == "1";

    public static int Run(string[] args)
    {
        var grants = args.Length > 0 && int.TryParse(args[0], out var n) && n > 0 ? n : 1_000_000;
        // An optional second argument keeps the produced file, e.g. to check it with the zstd and sqlite3 CLIs.
        var keep = args.Length > 1 ? Path.GetFullPath(args[1]) : null;
        var dir = Path.Combine(Path.GetTempPath(), "c1z-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var target = Path.Combine(dir, "bench.c1z");
        try
        {
            var clock = Stopwatch.StartNew();
            C1zWriteSummary summary;
            var workers = int.TryParse(Environment.GetEnvironmentVariable("C1Z_BENCH_WORKERS"), out var w) ? w : C1zWriterOptions.DefaultCompressionWorkers;
            using (var writer = C1zWriter.Create(target, new C1zWriterOptions { CompressionWorkers = workers }))
            {
                writer.PutResourceTypes([
                    new ResourceType { Id = "user", DisplayName = "User", Traits = { ResourceType.Types.Trait.User } },
                    new ResourceType
                    {
                        Id = "organization", DisplayName = "Organization", Traits = { ResourceType.Types.Trait.Group },
                    },
                ]);
                WriteGraph(writer, grants);
                var loaded = clock.Elapsed;
                summary = writer.Complete();
                Console.WriteLine($"  load {loaded.TotalSeconds:F2} s, complete+pack {(clock.Elapsed - loaded).TotalSeconds:F2} s ({string.Join(", ", summary.Phases.Select(p => $"{p.Key} {p.Value.TotalMilliseconds:F0}"))} ms), put calls {PutClock.Elapsed.TotalSeconds:F2} s");
            }

            clock.Stop();
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"c1z-write: {summary.Grants:N0} grants, {summary.Resources:N0} resources, "
                + $"{summary.Entitlements:N0} entitlements in {seconds:F2} s (pack included)");
            var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            Console.WriteLine($"  throughput : {summary.Grants / seconds:N0} grants/s wall-clock");
            // On a shared machine wall time mostly measures the neighbours; CPU time shows this process's own cost.
            Console.WriteLine($"  cpu time   : {cpu:F2} s = {summary.Grants / cpu:N0} grants per CPU-second "
                + $"(load average {LoadAverage()})");
            Console.WriteLine($"  file size  : {summary.FileBytes / 1048576.0:F1} MiB "
                + $"(sqlite {summary.DatabaseBytes / 1048576.0:F1} MiB)");
            Console.WriteLine($"  peak WS    : {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
            if (keep is not null)
            {
                File.Move(target, keep, overwrite: true);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Each user belongs to exactly one org, so grants = users and orgs = grants / 100.</summary>
    private static void WriteGraph(C1zWriter writer, int grantCount)
    {
        if (Serial || Messages)
        {
            WriteGraphSerially(writer, grantCount);
            return;
        }

        // A few batches ahead at most, as a pager hands the store a few pages at a time.
        using var encoded = new System.Collections.Concurrent.BlockingCollection<C1zRows>(boundedCapacity: 4);
        var producer = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    Batches(grantCount, (orgs, users, entitlements, grants) => encoded.Add(C1zRows.Encode([.. orgs, .. users], entitlements, grants)));
                }
                finally
                {
                    encoded.CompleteAdding();
                }
            },
            TaskCreationOptions.LongRunning);
        foreach (var rows in encoded.GetConsumingEnumerable())
        {
            using (rows)
            {
                PutClock.Start();
                writer.PutRows(rows);
                PutClock.Stop();
            }
        }

        producer.GetAwaiter().GetResult();
    }

    private static void WriteGraphSerially(C1zWriter writer, int grantCount) =>
        Batches(grantCount, (orgs, users, entitlements, grants) =>
        {
            PutClock.Start();
            if (Messages)
            {
                writer.PutResources(orgs);
                writer.PutResources(users);
                writer.PutEntitlements(entitlements);
                writer.PutGrants(grants);
            }
            else
            {
                using var rows = C1zRows.Encode([.. orgs, .. users], entitlements, grants);
                writer.PutRows(rows);
            }

            PutClock.Stop();
        });

    // The graph in batches: BatchSize users, each granted membership of its organization (UsersPerOrg per one).
    private static void Batches(int grantCount, Action<List<Resource>, List<Resource>, List<Entitlement>, List<Grant>> put)
    {
        var users = new List<Resource>(BatchSize);
        var grants = new List<Grant>(BatchSize);
        var orgs = new List<Resource>();
        var entitlements = new List<Entitlement>();
        for (var start = 0; start < grantCount; start += BatchSize)
        {
            users.Clear();
            grants.Clear();
            orgs.Clear();
            entitlements.Clear();
            var end = Math.Min(grantCount, start + BatchSize);
            for (var i = start; i < end; i++)
            {
                var orgId = $"org_{i / UsersPerOrg:D7}";
                var org = new Resource { Id = new ResourceId { ResourceType = "organization", Resource = orgId } };
                if (i % UsersPerOrg == 0)
                {
                    org.DisplayName = "Organization " + orgId;
                    orgs.Add(org);
                    entitlements.Add(new Entitlement
                    {
                        Id = BatonIds.Entitlement("organization", orgId, "member"),
                        Resource = org,
                        DisplayName = "member",
                        Slug = "member",
                        Purpose = Entitlement.Types.PurposeValue.Assignment,
                    });
                }

                var user = NewUser($"user_{i:D8}");
                users.Add(user);
                var entitlementId = BatonIds.Entitlement("organization", orgId, "member");
                grants.Add(new Grant
                {
                    Id = BatonIds.Grant(entitlementId, "user", user.Id.Resource),
                    Entitlement = new Entitlement { Id = entitlementId, Resource = org },
                    Principal = new Resource { Id = user.Id },
                });
            }

            put(orgs, users, entitlements, grants);
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static Resource NewUser(string id) => new()
    {
        Id = new ResourceId { ResourceType = "user", Resource = id },
        DisplayName = "User " + id,
        Status = new Status { Status_ = Status.Types.ResourceStatus.Enabled },
        Annotations =
        {
            Annotations.Pack(new UserTrait
            {
                Emails = { new UserTrait.Types.Email { Address = id + "@example.com", IsPrimary = true } },
                Status = new UserTrait.Types.Status { Status_ = UserTrait.Types.Status.Types.Status.Enabled },
                Login = id,
            }),
        },
    };
}
