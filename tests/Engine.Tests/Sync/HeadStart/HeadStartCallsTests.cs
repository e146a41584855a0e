using Akka.Actor;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;
using BatonClerk.Engine.Sync.HeadStart;
using BatonClerk.Engine.Tests.Support;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Sync.HeadStart;

/// <summary>
/// The first requests of a fresh sync leave at its preparation. They must be exactly the ones the sync would have
/// made itself: nothing asked twice, nothing extra, every one counted by the gate and in the summary.
/// </summary>
public sealed class HeadStartCallsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-head-start-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private ValidatedSyncOptions Options(ClerkSimulator sim, string file, IReadOnlyCollection<string>? types = null, SyncScope? scope = null) =>
        new ClerkSyncOptions
        {
            SecretKey = sim.SecretKey,
            ApiUrl = sim.BaseUrl,
            OutputPath = Path.Combine(_dir, file),
            PageSize = 50,
            ResourceTypes = types ?? ResourceTypes.AllIds,
            Scope = scope ?? SyncScope.Full,
        }.Validate();

    private static SimulatorOptions Instance(params SimFaultRule[] faults) =>
        new() { DatasetOptions = new SimDatasetOptions { Users = 240, Organizations = 12, Memberships = 300 }, Faults = faults };

    // Request counts per path and query: what a sync asked Clerk, in a form two runs can be compared by.
    private static Dictionary<string, int> Asked(ClerkSimulator sim, int from) =>
        sim.RequestLog.Entries.Skip(from).GroupBy(e => e.Path + "?" + e.Query).ToDictionary(g => g.Key, g => g.Count());

    public static TheoryData<string> Scopes => ["full", "users", "organizations", "roles-permissions"];

    private static IReadOnlyCollection<string> TypesOf(string scope) => scope switch
    {
        "users" => [ResourceTypes.UserId],
        "organizations" => [ResourceTypes.OrganizationId, ResourceTypes.UserId],
        "roles-permissions" => [ResourceTypes.RoleId, ResourceTypes.PermissionId],
        _ => ResourceTypes.AllIds,
    };

    [Theory]
    [MemberData(nameof(Scopes))]
    public async Task RunAsync_Prepared_AsksClerkWhatAnUnpreparedSyncAsks(string scope)
    {
        using var sim = ClerkSimulator.Start(Instance());
        using var system = ActorSystem.Create("head-start", "akka.loglevel = WARNING");
        try
        {
            var plain = Options(sim, "plain.c1z", TypesOf(scope));
            await ClerkSyncEngine.RunAsync(system, plain, null, CancellationToken.None);
            var unprepared = Asked(sim, 0);
            var before = sim.RequestLog.Count;

            using var prepared = ClerkSyncEngine.Prepare(Options(sim, "prepared.c1z", TypesOf(scope)));
            Assert.NotNull(prepared.HeadStart);
            var summary = await ClerkSyncEngine.RunAsync(system, prepared, null, CancellationToken.None);

            Assert.Equal(unprepared, Asked(sim, before));
            Assert.Equal(prepared.HeadStart.Planned, prepared.HeadStart.Taken);
            Assert.Equal(sim.RequestLog.Count - before, summary.Requests);
            if (scope == "full")
            {
                C1zAssert.MatchesDataset(sim.Dataset, prepared.Options.OutputPath);
            }
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task Prepare_FreshFullSync_AsksClerkBeforeAnyActorSystemExists()
    {
        using var sim = ClerkSimulator.Start(Instance());
        using var prepared = ClerkSyncEngine.Prepare(Options(sim, "out.c1z"));
        var planned = prepared.HeadStart!.Planned;

        // Nothing but the preparation runs: the requests are its own.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (sim.RequestLog.Count < planned && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(planned, sim.RequestLog.Count);
        Assert.Contains(sim.RequestLog.Entries, e => e.Path == "/users/count");
        Assert.Contains(sim.RequestLog.Entries, e => e.Path == "/organizations" && e.Query.Contains("offset=0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_EarlyCallFailedOnce_RetriedAsThePagersCallWouldBeAndTheSyncIsWhole()
    {
        // The roles' first page fails once: the head start sent it, so the retry is the head start's.
        using var sim = ClerkSimulator.Start(Instance(SimFaultRule.Status("/organization_roles", 500, 1)));
        using var prepared = ClerkSyncEngine.Prepare(Options(sim, "out.c1z"));
        using var system = ActorSystem.Create("head-start-fail", "akka.loglevel = WARNING");
        try
        {
            var summary = await ClerkSyncEngine.RunAsync(system, prepared, null, CancellationToken.None);

            C1zAssert.MatchesDataset(sim.Dataset, prepared.Options.OutputPath);
            Assert.Equal(2, sim.RequestLog.CountPath("/organization_roles"));
            // The failed early attempt was made again: the summary says so, as it does of any retry.
            Assert.Equal(1, summary.Retries);
            Assert.Equal(sim.RequestLog.Count, summary.Requests);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public void Begin_ResumableWorkingFileLeftByAnEarlierRun_SendsNothing()
    {
        using var sim = ClerkSimulator.Start(Instance());
        var options = Options(sim, "out.c1z");
        File.WriteAllText(Path.Combine(_dir, ".out.c1z.resumable.sqlite"), "");

        using var headStart = HeadStartCalls.Begin(options);

        Assert.Null(headStart);
        Assert.Equal(0, sim.RequestLog.Count);
    }

    [Fact]
    public void Plan_TargetedOrNarrowOrThrottled_AsksOnlyWhatThePagersWouldAskFirst()
    {
        var budget = new RateBudget(500, RateBudget.ClerkWindow);
        var full = new SyncSettings { Budget = budget };
        var usersOnly = full with { ResourceTypes = new HashSet<string>([ResourceTypes.UserId]) };
        var targeted = full with { Scope = new SyncScope { Targets = [new TargetedResource(ResourceTypes.UserId, "user_1")] } };
        var throttled = full with { Budget = new RateBudget(19, RateBudget.ClerkWindow) };

        Assert.Equal(
            [HeadStartCall.Roles, HeadStartCall.RoleSets, HeadStartCall.Organizations, HeadStartCall.Permissions, HeadStartCall.UsersCount],
            HeadStartCall.Plan(full).Select(c => c.Key.Endpoint));
        Assert.Equal([HeadStartCall.UsersCount], HeadStartCall.Plan(usersOnly).Select(c => c.Key.Endpoint));
        Assert.Empty(HeadStartCall.Plan(targeted));
        Assert.Empty(HeadStartCall.Plan(throttled));
    }

    [Fact]
    public async Task Dispose_NeverRun_TheNextPreparedRunIsWholeAndCountsOnlyItsOwnRequests()
    {
        using var sim = ClerkSimulator.Start(Instance());
        var options = Options(sim, "out.c1z");
        ClerkSyncEngine.Prepare(options).Dispose();

        // Early requests already on their way when it was disposed still reach Clerk: let them land first.
        var abandoned = -1;
        while (abandoned != sim.RequestLog.Count)
        {
            abandoned = sim.RequestLog.Count;
            await Task.Delay(500);
        }

        using var next = ClerkSyncEngine.Prepare(options);
        using var system = ActorSystem.Create("head-start-next", "akka.loglevel = WARNING");
        try
        {
            var summary = await ClerkSyncEngine.RunAsync(system, next, null, CancellationToken.None);
            C1zAssert.MatchesDataset(sim.Dataset, options.OutputPath);
            Assert.Equal(sim.RequestLog.Count - abandoned, summary.Requests);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
