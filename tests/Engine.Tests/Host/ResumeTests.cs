using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Tests.Support;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Host;

/// <summary>kill -9 of the executable mid-sync, then a second run with the same --file resumes it.</summary>
public sealed class ResumeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string[] Args(ClerkSimulator sim, string file) =>
        ["--clerk-api-url", sim.BaseUrl, "-f", file, "--parallelism", "1", "--requests-per-second", "1000", "--log-format", "json",
            "--store-commit-rows", "1"];

    /// <summary>(endpoint, offset) of a request URL, e.g. ("/users", 2000).</summary>
    private static (string Path, long Offset) PageOf(string url)
    {
        var query = System.Web.HttpUtility.ParseQueryString(url.Split('?', 2)[1]);
        return (url.Split('?', 2)[0], long.Parse(query["offset"] ?? "0", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Reads the killed run's checkpoint: the (endpoint, offset) of every page it had stored.</summary>
    private HashSet<(string Path, long Offset)> StoredPages(string workingFile)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"resume-{Guid.NewGuid():N}.sqlite");
        File.Copy(workingFile, copy);
        // With its journal, which rolls back the group the kill left open (without it the copy is half written).
        foreach (var side in new[] { "-journal", "-wal" })
        {
            if (File.Exists(workingFile + side))
            {
                File.Copy(workingFile + side, copy + side);
            }
        }

        Dictionary<string, string> state;
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            db.Open();
            state = BatonClerk.Engine.C1z.ResumeState.Load(db);
        }

        foreach (var f in new[] { copy, copy + "-journal", copy + "-wal", copy + "-shm" })
        {
            File.Delete(f);
        }

        var paths = new Dictionary<string, string>
        {
            ["users"] = "/users", ["memberships"] = "/organization_memberships", ["organizations"] = "/organizations",
            ["roles"] = "/organization_roles", ["role_sets"] = "/role_sets", ["permissions"] = "/organization_permissions",
        };
        return [.. BatonClerk.Engine.Sync.ResumeSnapshot.From(state).StoredRequests().Select(s => s.Request switch
        {
            BatonClerk.Engine.Sync.Pagers.UsersCount => ("/users/count", 0L),
            BatonClerk.Engine.Sync.Pagers.UsersOffset o => ("/users", o.Offset),
            BatonClerk.Engine.Sync.Pagers.OffsetPage p => (paths[p.Pager], p.Offset),
            var other => (paths[s.Pager], 0L),
        })];
    }

    private static HashSet<string> OkPages(IEnumerable<SimRequest> requests) =>
        [.. requests.Where(r => r.Status == 200).Select(r => r.Path + "?" + r.Query)];

    [Theory]
    [InlineData(4)]
    [InlineData(14)]
    [InlineData(26)]
    public async Task Sync_KilledMidRun_NextRunResumesSameSyncWithoutRefetching(int killAfterRequests)
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions
        {
            DatasetOptions = new SimDatasetOptions { Users = 6000, Organizations = 200, Seed = 5 },
            Latency = TimeSpan.FromMilliseconds(120),
        });
        var file = Path.Combine(_dir, "sync.c1z");
        var env = new Dictionary<string, string> { ["BATON_SECRET_KEY"] = sim.SecretKey };

        using (var first = HostProcess.Start(Args(sim, file), env, _dir))
        {
            _ = first.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (sim.RequestLog.Count < killAfterRequests && !first.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            Assert.False(first.HasExited, "the first run finished before it could be killed");
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        Assert.False(File.Exists(file));
        var storedAtKill = StoredPages(Path.Combine(_dir, ".sync.c1z.resumable.sqlite"));
        var firstRun = sim.RequestLog.Entries.ToList();
        sim.RequestLog.Clear();

        var second = await HostProcess.RunAsync(Args(sim, file), env, _dir);

        Assert.True(second.ExitCode == 0, second.StdErr);
        Assert.Contains("Resuming sync", second.StdErr, StringComparison.Ordinal);
        using (var reader = C1zReader.Open(file))
        {
            var run = Assert.Single(reader.SyncRuns);
            Assert.Matches($@"Resuming sync\W+{run.SyncId}", second.StdErr);
        }

        C1zAssert.MatchesDataset(sim.Dataset, file);

        // No page the killed run had checkpointed is fetched again; only the few in flight at the kill repeat.
        var refetched = OkPages(firstRun).Intersect(OkPages(sim.RequestLog.Entries)).Select(PageOf).ToList();
        Assert.All(refetched, page => Assert.DoesNotContain(page, storedAtKill));
        Assert.True(refetched.Count <= 10, "re-fetched: " + string.Join(", ", refetched));
        Assert.Equal([file], Directory.GetFiles(_dir));
    }

    [Fact]
    public Task Sync_Sigterm_StopsWithOneErrorLineAndLeavesNothingBehind() => SigtermAfterRequestsAsync(5);

    // The first request leaves while the sync is still starting (its actor system, its store): a signal then was
    // once fatal (exit 143, no error line, a working file left) because nothing listened for it yet.
    [Fact]
    public Task Sync_SigtermDuringStartUp_StopsWithOneErrorLineAndLeavesNothingBehind() => SigtermAfterRequestsAsync(1);

    private async Task SigtermAfterRequestsAsync(int requests)
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions
        {
            DatasetOptions = new SimDatasetOptions { Users = 6000, Organizations = 100, Seed = 8 },
            Latency = TimeSpan.FromMilliseconds(150),
        });
        var file = Path.Combine(_dir, "sync.c1z");
        using var process = HostProcess.Start(Args(sim, file), new Dictionary<string, string> { ["BATON_SECRET_KEY"] = sim.SecretKey }, _dir);
        var stderr = process.StandardError.ReadToEndAsync();
        while (sim.RequestLog.Count < requests && !process.HasExited)
        {
            await Task.Delay(10);
        }

        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        var errors = (await stderr).Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.Contains("cancelled", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task Sync_WorkingFileOfAnotherInstance_IsDiscardedAndAFreshSyncStarts()
    {
        using var sim = ClerkSimulator.Start(new SimulatorOptions
        {
            DatasetOptions = new SimDatasetOptions { Users = 3000, Organizations = 50, Seed = 6 },
            Latency = TimeSpan.FromMilliseconds(120),
        });
        var file = Path.Combine(_dir, "sync.c1z");
        using (var first = HostProcess.Start(Args(sim, file), new Dictionary<string, string> { ["BATON_SECRET_KEY"] = sim.SecretKey }, _dir))
        {
            _ = first.StandardError.ReadToEndAsync();
            while (sim.RequestLog.Count < 5 && !first.HasExited)
            {
                await Task.Delay(10);
            }

            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        // Same file, other configuration (a resource type subset): the unfinished sync is not reused.
        sim.RequestLog.Clear();
        var second = await HostProcess.RunAsync(
            [.. Args(sim, file), "--sync-resource-types", "user,organization,role,permission".Replace(",permission", "", StringComparison.Ordinal)],
            new Dictionary<string, string> { ["BATON_SECRET_KEY"] = sim.SecretKey },
            _dir);

        Assert.True(second.ExitCode == 0, second.StdErr);
        Assert.DoesNotContain("Resuming sync", second.StdErr, StringComparison.Ordinal);
        Assert.True(sim.RequestLog.CountPath("/users/count") == 1);
        Assert.Equal([file], Directory.GetFiles(_dir));
    }
}
