using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync;
using SyncFullTask = BatonClerk.Engine.Baton.ServiceV1.Task.Types.SyncFullTask;

namespace BatonClerk.Engine.Tests.Sync;

public sealed class SyncScopeTests
{
    [Fact]
    public void SyncType_EachScope_IsTheC1zRunType()
    {
        Assert.Equal(C1zSyncType.Full, SyncScope.Full.SyncType);
        Assert.Equal(C1zSyncType.Full, new SyncScope { SkipGrants = true }.SyncType);
        Assert.Equal(C1zSyncType.ResourcesOnly, new SyncScope { SkipEntitlementsAndGrants = true }.SyncType);
        Assert.Equal(C1zSyncType.Partial, new SyncScope { Targets = [new(ResourceTypes.UserId, "user_1")], SkipEntitlementsAndGrants = true }.SyncType);
    }

    [Fact]
    public void ValidateEngineSettings_TaskResourceTypes_WinOverTheConfiguredOnes()
    {
        var options = Options();
        options.ResourceTypes = [ResourceTypes.RoleId];
        options.Scope = new SyncScope { ResourceTypes = [ResourceTypes.UserId] };

        var settings = options.ValidateEngineSettings().Settings;

        Assert.Equal([ResourceTypes.UserId], settings.ResourceTypes);
        Assert.False(settings.SyncsGrants);
    }

    [Fact]
    public void ValidateEngineSettings_Targets_SyncTheirTypesPerOrganization()
    {
        var options = Options();
        options.Scope = new SyncScope { Targets = [new(ResourceTypes.OrganizationId, "org_1")] };

        var settings = options.ValidateEngineSettings().Settings;

        Assert.Equal([ResourceTypes.OrganizationId], settings.ResourceTypes);
        Assert.Equal(MembershipStrategy.PerOrganization, settings.MembershipStrategy);
        Assert.True(settings.SyncsGrants);
        Assert.True(settings.SyncsEntitlements);
    }

    [Fact]
    public void SyncsGrants_SkipGrantsOrResourcesOnly_IsFalse()
    {
        var all = new HashSet<string>(ResourceTypes.AllIds);
        var budget = new BatonClerk.Engine.Sync.Gate.RateBudget(10, TimeSpan.FromSeconds(10));

        Assert.True(new SyncSettings { Budget = budget, ResourceTypes = all }.SyncsGrants);
        Assert.False(new SyncSettings { Budget = budget, ResourceTypes = all, Scope = new SyncScope { SkipGrants = true } }.SyncsGrants);
        var resourcesOnly = new SyncSettings { Budget = budget, ResourceTypes = all, Scope = new SyncScope { SkipEntitlementsAndGrants = true } };
        Assert.False(resourcesOnly.SyncsGrants);
        Assert.False(resourcesOnly.SyncsEntitlements);
    }

    [Fact]
    public void ValidateEngineSettings_TargetedRole_IsRefusedByName()
    {
        var options = Options();
        options.Scope = new SyncScope { Targets = [new(ResourceTypes.RoleId, "role_1")] };

        var error = Assert.Throws<ArgumentException>(() => options.ValidateEngineSettings());

        Assert.Contains("'role'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_SyncFullTask_ReadsEveryOption()
    {
        var task = new SyncFullTask
        {
            SkipEntitlementsAndGrants = true,
            SkipGrants = true,
            SyncResourceTypeIds = { "user", "user", "organization" },
            TargetedSyncResources = { new Resource { Id = new ResourceId { ResourceType = "organization", Resource = "org_9" } } },
            StorageEngine = "pebble",
            SkipExpandGrants = true,
        };

        var scope = SyncFullTaskScope.From(task);

        Assert.True(scope.SkipEntitlementsAndGrants);
        Assert.True(scope.SkipGrants);
        Assert.Equal(["user", "organization"], scope.ResourceTypes);
        Assert.Equal([new TargetedResource("organization", "org_9")], scope.Targets);
    }

    [Fact]
    public void From_EmptyTask_IsAFullSync()
    {
        var scope = SyncFullTaskScope.From(new SyncFullTask());

        Assert.Equal(C1zSyncType.Full, scope.SyncType);
        Assert.Empty(scope.ResourceTypes);
        Assert.False(scope.SkipsGrants);
        Assert.True(scope.IsFull);
        Assert.Equal(ResourceTypes.AllIds, scope.EffectiveResourceTypes(ResourceTypes.AllIds));
    }

    [Fact]
    public void ResumeFingerprint_NarrowedScope_DiffersFromTheFullRun()
    {
        var full = Options();
        var skipGrants = Options();
        skipGrants.Scope = new SyncScope { SkipGrants = true };
        var targeted = Options();
        targeted.Scope = new SyncScope { Targets = [new(ResourceTypes.UserId, "user_1")] };
        var types = Options();
        types.Scope = new SyncScope { ResourceTypes = [ResourceTypes.UserId] };
        var otherTarget = Options();
        otherTarget.Scope = new SyncScope { Targets = [new(ResourceTypes.UserId, "user_2")] };

        string[] prints = [full.ResumeFingerprint(), skipGrants.ResumeFingerprint(), types.ResumeFingerprint(), targeted.ResumeFingerprint(), otherTarget.ResumeFingerprint()];

        Assert.Equal(prints.Length, prints.Distinct().Count());
        Assert.Equal(Options().ResumeFingerprint(), full.ResumeFingerprint());
    }

    private static ClerkSyncOptions Options() => new() { SecretKey = "sk_test_scope0123456789", ApiUrl = "http://127.0.0.1:1/v1" };
}
