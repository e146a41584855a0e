using Akka.Actor;
using Akka.TestKit.Xunit2;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;
using BatonClerk.Engine.Tests.Support;

namespace BatonClerk.Engine.Tests.Sync;

/// <summary>The engine honours a sync scope and a gate handed in from outside the run.</summary>
public sealed class SyncScopeSpecs() : TestKit("akka.loglevel = WARNING")
{
    private static SyncSettings Settings(SyncScope scope) => new()
    {
        Budget = new RateBudget(100_000, TimeSpan.FromSeconds(10)),
        PageSize = 10,
        Parallelism = 4,
        ResourceTypes = new HashSet<string>(scope.EffectiveResourceTypes(ResourceTypes.AllIds), StringComparer.Ordinal),
        Scope = scope,
        MembershipStrategy = scope.IsTargeted ? MembershipStrategy.PerOrganization : MembershipStrategy.Auto,
    };

    private Task<SyncSummary> Run(FakeClerkApi api, MemoryStore store, SyncSettings settings, IActorRef? gate = null)
    {
        var completion = new TaskCompletionSource<SyncSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = new SyncRequest(settings, g => { api.Gate = g; return api; }, () => store, completion) { Gate = gate };
        Sys.ActorOf(SyncSupervisor.Props(request));
        return completion.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Run_TargetedOrganization_StoresItsResourceEntitlementsAndMembershipGrantsOnly()
    {
        var data = FakeClerkData.Create(users: 60, organizations: 5);
        var api = new FakeClerkApi(data);
        var store = new MemoryStore();
        var target = data.Organizations[2].Id;
        var members = data.Memberships.Where(m => m.Organization!.Id == target).ToList();
        Assert.NotEmpty(members);

        await Run(api, store, Settings(new SyncScope { Targets = [new TargetedResource(ResourceTypes.OrganizationId, target)] }));

        Assert.Equal([$"organization:{target}"], store.Resources.Keys);
        Assert.Equal(1 + data.Roles.Count, store.Entitlements.Count);
        Assert.All(store.Entitlements.Values, e => Assert.Equal(target, e.Resource.Id.Resource));
        Assert.All(store.Grants.Values, g => Assert.Equal(target, g.Entitlement.Resource.Id.Resource));
        var roleKeys = data.Roles.Select(r => r.Key).ToHashSet();
        Assert.Equal(members.Sum(m => roleKeys.Contains(m.Role!) ? 2 : 1), store.Grants.Count);
        Assert.Contains($"organization {target}", api.Calls);
        Assert.DoesNotContain(api.Calls, c => c.StartsWith("organizations ", StringComparison.Ordinal) || c.StartsWith("users", StringComparison.Ordinal)
            || c.StartsWith("memberships", StringComparison.Ordinal) || c.StartsWith("permissions", StringComparison.Ordinal));
        Assert.All(api.Calls.Where(c => c.StartsWith("org-memberships", StringComparison.Ordinal)),
            c => Assert.StartsWith($"org-memberships {target} ", c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_TargetedUser_StoresOnlyThatUser()
    {
        var data = FakeClerkData.Create(users: 30, organizations: 2);
        var api = new FakeClerkApi(data);
        var store = new MemoryStore();
        var target = data.Users[7].Id;

        await Run(api, store, Settings(new SyncScope { Targets = [new TargetedResource(ResourceTypes.UserId, target)] }));

        Assert.Equal([$"user:{target}"], store.Resources.Keys);
        Assert.Empty(store.Entitlements);
        Assert.Empty(store.Grants);
        Assert.Equal([$"user {target}"], api.Calls);
    }

    [Fact]
    public async Task Run_SkipGrants_StoresEntitlementsButPagesNoMemberships()
    {
        var data = FakeClerkData.Create(users: 30, organizations: 4);
        var api = new FakeClerkApi(data);
        var store = new MemoryStore();

        await Run(api, store, Settings(new SyncScope { SkipGrants = true }));

        Assert.Equal(data.Organizations.Count * (1 + data.Roles.Count), store.Entitlements.Count);
        Assert.Empty(store.Grants);
        Assert.DoesNotContain(api.Calls, c => c.Contains("memberships", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_SkipEntitlementsAndGrants_StoresResourcesOnly()
    {
        var data = FakeClerkData.Create(users: 30, organizations: 4);
        var api = new FakeClerkApi(data);
        var store = new MemoryStore();

        await Run(api, store, Settings(new SyncScope { SkipEntitlementsAndGrants = true }));

        Assert.Equal(data.Users.Count + data.Organizations.Count + data.Roles.Count + data.Permissions.Count, store.Resources.Count);
        Assert.Empty(store.Entitlements);
        Assert.Empty(store.Grants);
        Assert.DoesNotContain(api.Calls, c => c.Contains("memberships", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_GivenGate_EveryRequestOfEveryRunTakesItsPermits()
    {
        var data = FakeClerkData.Create(users: 25, organizations: 3);
        var gate = Sys.ActorOf(RateLimitGate.Props(new RateLimitGateSettings(new RateBudget(100_000, TimeSpan.FromSeconds(10)))));
        var first = new FakeClerkApi(data);
        var second = new FakeClerkApi(data);

        await Run(first, new MemoryStore(), Settings(SyncScope.Full), gate);
        await Run(second, new MemoryStore(), Settings(SyncScope.Full), gate);

        var status = await gate.Ask<GateStatus>(GetGateStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(first.Calls.Count + second.Calls.Count, status.Granted);
        Assert.False(gate.IsNobody());
    }
}
