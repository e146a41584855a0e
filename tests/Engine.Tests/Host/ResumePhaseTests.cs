using System.Diagnostics;
using System.Globalization;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Diagnostics;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Pagers;
using BatonClerk.Engine.Sync.Uploader;
using BatonClerk.Engine.Tests.Support;
using BatonClerk.Simulator;
using Google.Protobuf;

namespace BatonClerk.Engine.Tests.Host;

/// <summary>One simulated instance for every kill test, and the rows of an uninterrupted run per configuration.</summary>
public sealed class ResumePhaseFixture : IDisposable
{
    private readonly Dictionary<string, C1zRows> _references = new(StringComparer.Ordinal);
    private readonly string _root = Directory.CreateTempSubdirectory("baton-clerk-phase-ref-").FullName;

    public ResumePhaseFixture()
    {
        // Small pages make many pages of a small instance, so every phase has a middle to be killed in.
        Simulator = ClerkSimulator.Start(new SimulatorOptions
        {
            DatasetOptions = new SimDatasetOptions { Users = 600, Organizations = 120, Memberships = 900, Seed = 11 },
        });
    }

    public ClerkSimulator Simulator { get; }

    // One commit per write by default, so every page boundary is a commit point a kill can land on; the default
    // group (20k rows) is larger than this whole dataset.
    public static string[] Args(ClerkSimulator sim, string file, string strategy, bool cursor, int commitRows = 1, int requestsPerSecond = 1000) =>
    [
        "--clerk-api-url", sim.BaseUrl, "-f", file, "--parallelism", "2",
        "--requests-per-second", requestsPerSecond.ToString(CultureInfo.InvariantCulture),
        "--log-format", "json", "--page-size", "50", "--membership-strategy", strategy,
        "--store-commit-rows", commitRows.ToString(CultureInfo.InvariantCulture),
        .. cursor ? new[] { "--users-cursor-threshold", "100", "--user-partitions", "4" } : [],
    ];

    public Dictionary<string, string> Environment(string? stallAt = null)
    {
        var env = new Dictionary<string, string> { ["BATON_SECRET_KEY"] = Simulator.SecretKey };
        if (stallAt is not null)
        {
            env[TestStall.Variable] = stallAt;
        }

        return env;
    }

    /// <summary>The rows of an uninterrupted run of this configuration, and its file (to stand for a previous sync).</summary>
    public async Task<(C1zRows Rows, string File)> ReferenceAsync(string strategy, bool cursor)
    {
        var name = $"{strategy}-{(cursor ? "cursor" : "offsets")}";
        var file = Path.Combine(_root, name + ".c1z");
        if (!_references.TryGetValue(name, out var rows))
        {
            Simulator.BeforeServe = null;
            var run = await HostProcess.RunAsync(Args(Simulator, file, strategy, cursor), Environment(), _root);
            Assert.True(run.ExitCode == 0, run.StdErr);
            rows = C1zRows.Read(file);
            _references[name] = rows;
        }

        return (rows, file);
    }

    public void Dispose()
    {
        Simulator.Dispose();
        Directory.Delete(_root, true);
    }
}

/// <summary>Every row of a c1z's selected sync, as protobuf bytes by id: two files compare row for row.</summary>
public sealed record C1zRows(
    IReadOnlyDictionary<string, ByteString> ResourceTypes,
    IReadOnlyDictionary<string, ByteString> Resources,
    IReadOnlyDictionary<string, ByteString> Entitlements,
    IReadOnlyDictionary<string, ByteString> Grants,
    string SyncId)
{
    public static C1zRows Read(string file)
    {
        using var reader = C1zReader.Open(file);
        return new C1zRows(
            reader.ResourceTypes().ToDictionary(t => t.Id, t => t.ToByteString()),
            reader.Resources().ToDictionary(r => $"{r.Id.ResourceType}:{r.Id.Resource}", r => r.ToByteString()),
            reader.Entitlements().ToDictionary(e => e.Id, e => e.ToByteString()),
            reader.Grants().ToDictionary(g => g.Id, g => g.ToByteString()),
            reader.SelectedSync!.SyncId);
    }

    public void AssertSameRows(C1zRows expected)
    {
        AssertSame(expected.ResourceTypes, ResourceTypes, "resource type");
        AssertSame(expected.Resources, Resources, "resource");
        AssertSame(expected.Entitlements, Entitlements, "entitlement");
        AssertSame(expected.Grants, Grants, "grant");
    }

    /// <summary>
    /// A lockout's end is the read time plus Clerk's remaining seconds, so two runs seconds apart may word it a
    /// second apart; everything else must be byte for byte the same.
    /// </summary>
    private static string Normalized(ByteString row) => System.Text.RegularExpressions.Regex.Replace(
        System.Text.Encoding.Latin1.GetString(row.Span), @"locked until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "locked until ~");

    private static void AssertSame(IReadOnlyDictionary<string, ByteString> expected, IReadOnlyDictionary<string, ByteString> actual, string what)
    {
        var missing = expected.Keys.Except(actual.Keys).Order(StringComparer.Ordinal).Take(5).ToList();
        var extra = actual.Keys.Except(expected.Keys).Order(StringComparer.Ordinal).Take(5).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{what} rows differ: {expected.Count} expected, {actual.Count} found; missing {string.Join(", ", missing)}; extra {string.Join(", ", extra)}");
        var changed = expected.Where(e => Normalized(e.Value) != Normalized(actual[e.Key])).Select(e => e.Key).Take(5).ToList();
        Assert.True(changed.Count == 0, $"{what} rows with other content: {string.Join(", ", changed)}");
    }
}

/// <summary>
/// kill -9 of the real executable at every phase of a sync, for both membership strategies, then a second run with
/// the same --file: it exits 0, resumes the same sync, writes exactly the rows of an uninterrupted run, fetches no
/// page the killed run had checkpointed, and leaves nothing but the c1z behind. Meanwhile the target path holds the
/// previous complete file (or, killed after the rename, the new complete one), never a partial one.
/// </summary>
public sealed class ResumePhaseTests(ResumePhaseFixture fixture) : IClassFixture<ResumePhaseFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-phase-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>
    /// How a run is stopped: at the Nth request matching a path (held unanswered; Nth 0 holds every match), or at a
    /// stall point.
    /// </summary>
    public sealed record KillPoint(string Name, Func<SimRequestInfo, bool>? Request = null, int Nth = 1, string? Stall = null, bool Cursor = false, bool Settle = false)
    {
        public override string ToString() => Name;
    }

    private static bool IsMemberships(SimRequestInfo r) =>
        r.Path == "/organization_memberships" || (r.Path.StartsWith("/organizations/", StringComparison.Ordinal) && r.Path.EndsWith("/memberships", StringComparison.Ordinal));

    public static TheoryData<string, KillPoint> Points()
    {
        var points = new KillPoint[]
        {
            new("while roles page", r => r.Path == "/organization_roles"),
            new("while permissions page", r => r.Path == "/organization_permissions"),
            new("while users page by offset", r => r.Path == "/users" && r.Param("offset") == "300"),
            new("while users page by created_at partitions and cursor", r => r.Path == "/users" && r.Param("starting_after") is not null, Nth: 4, Cursor: true),
            new("after users finished, before memberships started", IsMemberships, Nth: 0, Settle: true),
            new("in the middle of memberships", IsMemberships, Nth: 8),
            new("right after a page commit", Stall: "page-commit:12"),
            // Stored pages whose pager had not finished yet: the resumed run must rebuild the catalog they fed.
            new("right after the roles page commit", Stall: "page-commit:roles:1"),
            new("right after the first organizations page commit", Stall: "page-commit:organizations:1"),
            new("during the final index build", Stall: "index-build"),
            new("during packing", Stall: "pack"),
            new("during publish, before the rename", Stall: "publish"),
            new("during publish, after the rename", Stall: "published"),
        };
        var data = new TheoryData<string, KillPoint>();
        foreach (var strategy in new[] { "instance", "per-organization" })
        {
            foreach (var point in points)
            {
                data.Add(strategy, point);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Points))]
    public async Task Sync_KilledAtPhase_RerunResumesToTheUninterruptedRows(string strategy, KillPoint point)
    {
        var sim = fixture.Simulator;
        var (expected, previous) = await fixture.ReferenceAsync(strategy, point.Cursor);
        var file = Path.Combine(_dir, "sync.c1z");
        File.Copy(previous, file);
        var previousBytes = File.ReadAllBytes(file);
        var args = ResumePhaseFixture.Args(sim, file, strategy, point.Cursor);

        sim.RequestLog.Clear();
        await KillAsync(args, point);
        var killedRun = sim.RequestLog.Entries.ToList();
        var checkpoint = Checkpoint.StoredRequests(_dir);

        // Killed at any point, the target is never partial.
        if (point.Stall == "published")
        {
            C1zRows.Read(file).AssertSameRows(expected);
        }
        else
        {
            Assert.Equal(previousBytes, File.ReadAllBytes(file));
        }

        sim.RequestLog.Clear();
        var rerun = await HostProcess.RunAsync(args, fixture.Environment(), _dir);

        AssertResumedTo(rerun, file, expected);
        // The final log line proves the ledger: every endpoint stored every page it planned.
        var pages = System.Text.RegularExpressions.Regex.Match(rerun.StdErr, @"Pages stored of planned: ([^""\\]+)").Groups[1].Value;
        Assert.Contains("memberships ", pages, StringComparison.Ordinal);
        Assert.All(pages.Split(", "), p => Assert.Matches(@"^\S+ (\d+)/\1$", p));
        var refetched = OkRequests(killedRun).Intersect(OkRequests(sim.RequestLog.Entries)).Where(checkpoint.Contains).ToList();
        Assert.True(refetched.Count == 0, "checkpointed pages fetched again: " + string.Join(", ", refetched));
        if (point.Stall is "index-build" or "pack" or "publish" or "published")
        {
            // Everything was stored before the kill: the rerun only publishes.
            Assert.Equal(0, sim.RequestLog.Count);
        }
    }

    [Theory]
    [InlineData(20261201, "instance", false, 1)]
    [InlineData(20261202, "per-organization", true, 1)]
    // Groups of about three pages: most kills land with stored pages not yet committed, which must be fetched again.
    [InlineData(20261203, "instance", false, 150)]
    public async Task Sync_KilledAgainAndAgainAtRandomCommits_EndsWithTheUninterruptedRows(int seed, string strategy, bool cursor, int commitRows)
    {
        var sim = fixture.Simulator;
        var (expected, _) = await fixture.ReferenceAsync(strategy, cursor);
        var file = Path.Combine(_dir, "sync.c1z");
        var args = ResumePhaseFixture.Args(sim, file, strategy, cursor, commitRows);
        var random = new Random(seed);
        var kills = 0;
        string? syncId = null;
        for (var attempt = 0; ; attempt++)
        {
            Assert.True(attempt < 40, "the sync never finished");
            var checkpoint = Checkpoint.StoredRequests(_dir);
            sim.RequestLog.Clear();
            var stall = "page-commit:" + random.Next(1, 9).ToString(CultureInfo.InvariantCulture);
            using var process = HostProcess.Start(args, fixture.Environment(stall), _dir);
            var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var stalled = WaitForLineAsync(process, "test-stall: ", seen);
            var exited = process.WaitForExitAsync();
            Task first;
            try
            {
                first = await Task.WhenAny(stalled, exited).WaitAsync(TimeSpan.FromSeconds(90));
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"attempt {attempt} ({stall}, {kills} kills so far) neither stalled nor exited in 90 s; its last lines:\n{string.Join('\n', seen.TakeLast(40))}");
                throw;
            }

            if (first == stalled)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                kills++;
                Assert.False(File.Exists(file), "a killed run published a file");
                syncId ??= Checkpoint.SyncId(_dir);
                Assert.Equal(syncId, Checkpoint.SyncId(_dir));
            }

            var refetched = OkRequests(sim.RequestLog.Entries).Where(checkpoint.Contains).ToList();
            Assert.True(refetched.Count == 0, $"after {kills} kills, checkpointed pages fetched again: {string.Join(", ", refetched)}");
            if (first == exited)
            {
                Assert.True(process.ExitCode == 0, $"attempt {attempt} ({stall}, after {kills} kills) exited {process.ExitCode}; its last lines:\n{string.Join('\n', seen.TakeLast(30))}");
                break;
            }
        }

        Assert.True(kills >= 5, $"only {kills} kills");
        var rows = C1zRows.Read(file);
        Assert.Equal(syncId, rows.SyncId);
        rows.AssertSameRows(expected);
        Assert.Equal([file], Directory.GetFiles(_dir));
    }

    [Theory]
    [InlineData("early-index-build")]
    [InlineData("early-index-built")]
    public async Task Sync_KilledAroundTheIndexBuildWhileWaitingOnTheRateLimit_RerunResumesToTheUninterruptedRows(string stall)
    {
        var sim = fixture.Simulator;
        var (expected, _) = await fixture.ReferenceAsync("instance", cursor: false);
        var file = Path.Combine(_dir, "sync.c1z");
        // About 37 requests at 30 per 10 s and no previous file to carry: the last few wait on the budget with the
        // store idle, which is when the store builds its indexes early.
        var args = ResumePhaseFixture.Args(sim, file, "instance", cursor: false, requestsPerSecond: 3);

        await KillAsync(args, new KillPoint(stall, Stall: stall));
        Assert.False(File.Exists(file), "a killed run published a file");

        var rerun = await HostProcess.RunAsync(args, fixture.Environment(), _dir);

        AssertResumedTo(rerun, file, expected);
    }

    [Fact]
    public async Task Sync_SigtermDuringMemberships_ExitsOneWithinTheGraceLeavingThePreviousFile()
    {
        var sim = fixture.Simulator;
        var (_, previous) = await fixture.ReferenceAsync("instance", cursor: false);
        var file = Path.Combine(_dir, "sync.c1z");
        File.Copy(previous, file);
        var previousBytes = File.ReadAllBytes(file);
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var hits = 0;
        sim.BeforeServe = r => IsMemberships(r) && Interlocked.Increment(ref hits) == 3 ? Hold(held, release) : Task.CompletedTask;
        try
        {
            using var process = HostProcess.Start(ResumePhaseFixture.Args(sim, file, "instance", cursor: false), fixture.Environment(), _dir);
            var stderr = process.StandardError.ReadToEndAsync();
            await held.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var clock = Stopwatch.StartNew();
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            clock.Stop();

            Assert.Equal(1, process.ExitCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"stopped after {clock.Elapsed}");
            var errors = (await stderr).Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
            Assert.Contains("cancelled", Assert.Single(errors), StringComparison.Ordinal);
            Assert.Equal(previousBytes, File.ReadAllBytes(file));
            Assert.Equal([file], Directory.GetFiles(_dir));
        }
        finally
        {
            release.TrySetResult();
            sim.BeforeServe = null;
        }
    }

    // The rerun exits 0, says it resumed the sync it published, writes the uninterrupted run's rows and leaves only the c1z.
    private void AssertResumedTo(HostProcess.Result rerun, string file, C1zRows expected)
    {
        Assert.True(rerun.ExitCode == 0, rerun.StdErr);
        var rows = C1zRows.Read(file);
        Assert.Matches($@"Resuming sync\W+{rows.SyncId}", rerun.StdErr);
        rows.AssertSameRows(expected);
        Assert.Equal([file], Directory.GetFiles(_dir));
    }

    private async Task KillAsync(string[] args, KillPoint point)
    {
        var sim = fixture.Simulator;
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var hits = 0;
        if (point.Request is { } matches)
        {
            sim.BeforeServe = r => matches(r) && (Interlocked.Increment(ref hits) == point.Nth || point.Nth == 0) ? Hold(held, release) : Task.CompletedTask;
        }

        try
        {
            using var process = HostProcess.Start(args, fixture.Environment(point.Stall), _dir);
            // A held request counts once the sync has its working file ("Sync started" follows the store's
            // creation): the first requests leave while it is being created, and a run killed before it exists has
            // nothing to resume (a rerun then starts afresh).
            var reached = point.Stall is null
                ? Task.WhenAll(held.Task, WaitForLineAsync(process, line => line.Contains("Sync started", StringComparison.Ordinal)))
                : WaitForLineAsync(process, "test-stall: " + point.Stall);

            Task first;
            try
            {
                first = await Task.WhenAny(reached, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
            }
            finally
            {
                if (!reached.IsCompleted)
                {
                    process.Kill(entireProcessTree: true);
                }
            }

            Assert.True(first == reached && !process.HasExited, $"the run ended before it reached '{point.Name}'");
            if (point.Settle)
            {
                // Let every other pager finish what it can while this request is held.
                var count = -1;
                while (count != sim.RequestLog.Count)
                {
                    count = sim.RequestLog.Count;
                    await Task.Delay(400);
                }
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        finally
        {
            release.TrySetResult();
            sim.BeforeServe = null;
        }

        // The held request is answered to a dead client; let it land before the logs are read.
        await Task.Delay(100);
    }

    private static async Task Hold(TaskCompletionSource held, TaskCompletionSource release)
    {
        held.TrySetResult();
        await release.Task;
    }

    /// <summary>Completes when the process prints a line with that prefix; never when it ends without one.</summary>
    private static Task WaitForLineAsync(Process process, string prefix, System.Collections.Concurrent.ConcurrentQueue<string>? seen = null) =>
        WaitForLineAsync(process, line => line.StartsWith(prefix, StringComparison.Ordinal), seen);

    private static Task WaitForLineAsync(Process process, Func<string, bool> matches, System.Collections.Concurrent.ConcurrentQueue<string>? seen = null) => Task.Run(async () =>
    {
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            seen?.Enqueue(line);
            if (matches(line))
            {
                // Keep draining so the stalled process never blocks on a full pipe.
                _ = process.StandardError.ReadToEndAsync();
                return;
            }
        }

        await Task.Delay(Timeout.Infinite);
    });

    private static HashSet<Checkpoint.Request> OkRequests(IEnumerable<SimRequest> log) =>
        [.. log.Where(r => r.Status == 200).Select(r => Checkpoint.Request.Of(r.Path, r.Query))];
}

/// <summary>
/// What a killed run had checkpointed, read from the working files it left (the resume table, or the side file
/// while packing), expressed as the Clerk requests those stored pages came from.
/// </summary>
internal static class Checkpoint
{
    public sealed record Request(string Path, long Offset, string? StartingAfter, string? After, string? Before)
    {
        public static Request Of(string path, string query)
        {
            var q = System.Web.HttpUtility.ParseQueryString(query);
            return new Request(path, long.Parse(q["offset"] ?? "0", CultureInfo.InvariantCulture), q["starting_after"], q["created_at_after"], q["created_at_before"]);
        }

        public override string ToString() => $"{Path}?offset={Offset}&after={StartingAfter}&range={After}..{Before}";
    }

    public static string? SyncId(string dir)
    {
        var db = Path.Combine(dir, ".sync.c1z.resumable.sqlite");
        if (!File.Exists(db))
        {
            return null;
        }

        return Query(db, "SELECT sync_id FROM v1_sync_runs").Select(r => r.Key).SingleOrDefault();
    }

    public static HashSet<Request> StoredRequests(string dir)
    {
        var db = Path.Combine(dir, ".sync.c1z.resumable.sqlite");
        var side = db + ".state.json";
        IReadOnlyDictionary<string, string> state = File.Exists(side)
            ? System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(side))!
            : File.Exists(db) ? ReadCopy(db, ResumeState.Load) ?? new Dictionary<string, string>() : new Dictionary<string, string>();
        return [.. ResumeSnapshot.From(state).StoredRequests().Select(s => ToRequest(s.Request)).OfType<Request>()];
    }

    private static Request? ToRequest(PageRequest request) => request switch
    {
        UsersCount => new Request("/users/count", 0, null, null, null),
        UsersOffset o => new Request("/users", o.Offset, null, Text(o.Range.After), Text(o.Range.Before)),
        UsersCursor c => new Request("/users", 0, c.StartingAfter, Text(c.Range.After), Text(c.Range.Before)),
        OffsetPage p => new Request(PathOf(p), p.Offset, null, null, null),
        _ => null,
    };

    private static string PathOf(OffsetPage page) => page.Pager switch
    {
        "roles" => "/organization_roles",
        "role_sets" => "/role_sets",
        "permissions" => "/organization_permissions",
        "organizations" => "/organizations",
        "memberships" when page.Scope == "all" => "/organization_memberships",
        "memberships" => $"/organizations/{page.Scope}/memberships",
        _ => throw new ArgumentException("unknown pager " + page.Pager),
    };

    private static string? Text(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static List<KeyValuePair<string, string>> Query(string db, string sql) => ReadCopy(db, connection =>
    {
        var rows = new List<KeyValuePair<string, string>>();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new(reader.GetString(0), reader.FieldCount > 1 ? reader.GetString(1) : ""));
        }

        return rows;
    }) ?? [];

    private static T? ReadCopy<T>(string db, Func<Microsoft.Data.Sqlite.SqliteConnection, T> read)
        where T : class
    {
        // Copies first, with its journal: opening the killed run's file in place would roll back its open group and
        // change what it resumes; without the journal the copy would hold that group half written.
        var copy = Path.Combine(Path.GetTempPath(), $"checkpoint-{Guid.NewGuid():N}.sqlite");
        File.Copy(db, copy);
        foreach (var side in new[] { "-journal", "-wal" })
        {
            if (File.Exists(db + side))
            {
                File.Copy(db + side, copy + side);
            }
        }

        try
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=False");
            connection.Open();
            return read(connection);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // No resume table (dropped for packing): nothing checkpointed to read here.
            return null;
        }
        finally
        {
            foreach (var f in new[] { copy, copy + "-journal", copy + "-wal", copy + "-shm" })
            {
                File.Delete(f);
            }
        }
    }
}
