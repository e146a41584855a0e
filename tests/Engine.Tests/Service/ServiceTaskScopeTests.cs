using Akka.Actor;
using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Tests.Service.Fakes;
using BatonClerk.Simulator;
using Grpc.Core;
using C1Task = BatonClerk.Engine.Baton.ServiceV1.Task;

namespace BatonClerk.Engine.Tests.Service;

/// <summary>A SyncFull task's options narrow the real engine's sync; the uploaded c1z is read back.</summary>
public sealed class ServiceTaskScopeTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("service-scope", "akka.loglevel = WARNING");
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-svc-scope-").FullName;

    public void Dispose()
    {
        _system.Terminate().Wait(TimeSpan.FromSeconds(10));
        Directory.Delete(_dir, true);
    }

    [Fact]
    public async Task SyncFull_UsersOnlyTask_UploadsOnlyUsers()
    {
        using var sim = Simulator();
        var task = Task(t => t.SyncResourceTypeIds.Add("user"));

        using var reader = await RunAsync(sim, task);

        Assert.Equal(sim.Dataset.Users.Count, reader.Resources("user").Count);
        Assert.Empty(reader.Resources("organization"));
        Assert.Empty(reader.Resources("role"));
        Assert.Empty(reader.Resources("permission"));
        Assert.Empty(reader.Entitlements());
        Assert.Empty(reader.Grants());
        Assert.Equal(["user"], reader.ResourceTypes().Select(t => t.Id));
        Assert.Equal(0, sim.RequestLog.CountPathPrefix("/organization"));
    }

    [Fact]
    public async Task SyncFull_SkipEntitlementsAndGrants_WritesResourcesOnlyWithoutMembershipPaging()
    {
        using var sim = Simulator();

        using var reader = await RunAsync(sim, Task(t => t.SkipEntitlementsAndGrants = true));

        Assert.Equal(sim.Dataset.Users.Count, reader.Resources("user").Count);
        Assert.Equal(sim.Dataset.Organizations.Count, reader.Resources("organization").Count);
        Assert.Empty(reader.Entitlements());
        Assert.Empty(reader.Grants());
        Assert.Equal(0, sim.RequestLog.CountPathPrefix("/organization_memberships"));
        Assert.DoesNotContain(sim.RequestLog.Entries, e => e.Path.EndsWith("/memberships", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncFull_SkipGrants_WritesEntitlementsWithoutMembershipPaging()
    {
        using var sim = Simulator();

        using var reader = await RunAsync(sim, Task(t => t.SkipGrants = true));

        Assert.Equal(sim.Dataset.Organizations.Count, reader.Resources("organization").Count);
        var entitlements = reader.Entitlements("organization");
        // Each organization's member entitlement and one per role of its role set.
        var roleSets = SimRoleSets.Of(sim.Dataset.Roles).ToDictionary(s => s.Key);
        Assert.Equal(sim.Dataset.Organizations.Sum(o => 1 + roleSets[o.RoleSetKey].Roles.Count), entitlements.Count);
        Assert.Empty(reader.Grants());
        Assert.Equal(0, sim.RequestLog.CountPathPrefix("/organization_memberships"));
        Assert.DoesNotContain(sim.RequestLog.Entries, e => e.Path.EndsWith("/memberships", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncFull_TargetedOrganizationAndUser_WritesExactlyTheirRows()
    {
        using var sim = Simulator();
        using var full = await RunAsync(sim, Task(_ => { }));
        var organization = sim.Dataset.Organizations.First(o => sim.Dataset.MembershipsOf(o.Id).Count > 0);
        var user = sim.Dataset.Users[^1];
        var task = Task(t =>
        {
            t.TargetedSyncResources.Add(Target("organization", organization.Id));
            t.TargetedSyncResources.Add(Target("user", user.Id));
        });
        var requestsBefore = sim.RequestLog.Count;

        using var partial = await RunAsync(sim, task);

        Assert.Equal([organization.Id], partial.Resources("organization").Select(r => r.Id.Resource));
        Assert.Equal([user.Id], partial.Resources("user").Select(r => r.Id.Resource));
        Assert.Empty(partial.Resources("role"));
        Assert.Empty(partial.Resources("permission"));
        Assert.Equal(Ids(full.Entitlements().Where(e => e.Resource.Id.Resource == organization.Id)), Ids(partial.Entitlements()));
        Assert.Equal(Ids(full.Grants().Where(g => g.Entitlement.Resource.Id.Resource == organization.Id)), Ids(partial.Grants()));
        Assert.NotEmpty(partial.Grants());
        Assert.Equal(full.FindResource("organization", organization.Id), partial.FindResource("organization", organization.Id));
        Assert.Equal(full.FindResource("user", user.Id), partial.FindResource("user", user.Id));

        var paths = sim.RequestLog.Entries.Skip(requestsBefore).Select(e => e.Path).ToList();
        Assert.Contains($"/organizations/{organization.Id}", paths);
        Assert.Contains($"/users/{user.Id}", paths);
        Assert.DoesNotContain("/users", paths);
        Assert.DoesNotContain("/organizations", paths);
        Assert.DoesNotContain("/organization_memberships", paths);
        Assert.All(paths.Where(p => p.EndsWith("/memberships", StringComparison.Ordinal)),
            p => Assert.Equal($"/organizations/{organization.Id}/memberships", p));
    }

    [Fact]
    public async Task SyncFull_TargetedOrganizationMissing_FinishesWithNotFound()
    {
        using var sim = Simulator();

        var finish = await RunFailingAsync(sim, Task(t => t.TargetedSyncResources.Add(Target("organization", "org_missing"))));

        Assert.Equal((int)StatusCode.NotFound, finish.Status.Code);
    }

    [Theory]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(403, StatusCode.PermissionDenied)]
    [InlineData(404, StatusCode.NotFound)]
    public async Task SyncFull_ClerkRefusesUsers_FinishesWithTheCauseStatus(int httpStatus, StatusCode expected)
    {
        using var sim = Simulator();
        sim.AddFault(new SimFaultRule { PathPrefix = "/users", Kind = SimFaultKind.HttpError, StatusCode = httpStatus, Rate = 1 });

        var finish = await RunFailingAsync(sim, Task(_ => { }));

        Assert.Equal((int)expected, finish.Status.Code);
        Assert.DoesNotContain(sim.SecretKey, finish.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncFull_UnknownResourceType_FinishesWithInvalidArgument()
    {
        using var sim = Simulator();

        var finish = await RunFailingAsync(sim, Task(t => t.SyncResourceTypeIds.Add("group")));

        Assert.Equal((int)StatusCode.InvalidArgument, finish.Status.Code);
        Assert.Contains("group", finish.Status.Message, StringComparison.Ordinal);
        Assert.Equal(0, sim.RequestLog.Count);
    }

    private static ClerkSimulator Simulator() =>
        ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = new SimDatasetOptions { Users = 120, Organizations = 6 } });

    private static C1Task Task(Action<C1Task.Types.SyncFullTask> configure)
    {
        var options = new C1Task.Types.SyncFullTask();
        configure(options);
        return new C1Task { Id = Ksuid.New(TimeProvider.System), SyncFull = options };
    }

    private static Resource Target(string type, string id) => new() { Id = new ResourceId { ResourceType = type, Resource = id } };

    private static List<string> Ids(IEnumerable<Entitlement> entitlements) => [.. entitlements.Select(e => e.Id).Order(StringComparer.Ordinal)];

    private static List<string> Ids(IEnumerable<Grant> grants) => [.. grants.Select(g => g.Id).Order(StringComparer.Ordinal)];

    private async Task<C1zReader> RunAsync(ClerkSimulator sim, C1Task task)
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.Enqueue(task);
        _ = harness.StartRunner(Job(sim));
        var finish = await harness.NextFinishAsync();
        Assert.True(finish.Success is not null, $"task failed: {finish.Status}");
        var upload = Assert.Single(harness.State.Uploads);
        var file = Path.Combine(_dir, task.Id + ".c1z");
        await File.WriteAllBytesAsync(file, upload.Content);
        var reader = C1zReader.Open(file);
        Assert.True(reader.SelectedSync!.IsFinished);
        return reader;
    }

    private async Task<Engine.Baton.ServiceV1.BatonServiceFinishTaskRequest> RunFailingAsync(ClerkSimulator sim, C1Task task)
    {
        await using var harness = await ServiceHarness.StartServerAsync();
        harness.State.Enqueue(task);
        _ = harness.StartRunner(Job(sim));
        var finish = await harness.NextFinishAsync();
        Assert.Null(finish.Success);
        Assert.NotNull(finish.Error);
        Assert.Empty(harness.State.Uploads);
        return finish;
    }

    private ClerkServiceSyncJob Job(ClerkSimulator sim) => new(_system, new ClerkSyncOptions
    {
        SecretKey = sim.SecretKey,
        ApiUrl = sim.BaseUrl,
        PageSize = 50,
        MaxRetryAttempts = 0,

        // Every test of the class shares the actor system, hence one gate per key: a budget no test reaches.
        RequestsPerSecond = 10_000,
    });
}
