using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;
using Microsoft.Data.Sqlite;

namespace BatonClerk.Engine.Tests.C1z;

/// <summary>v1_sync_runs.sync_type and .stats as the SDK writes them (c1.reader.v2.SyncStats through encoding/json).</summary>
public sealed class C1zSyncStatsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private (string Type, string? Stats) Write(C1zCompletion? completion)
    {
        var path = _dir.File($"{Guid.NewGuid():N}.c1z");
        using (var writer = C1zWriter.Create(path))
        {
            writer.PutResourceTypes([SampleData.UserType(), SampleData.OrgType(), new ResourceType { Id = "role", DisplayName = "Role" }]);
            writer.PutResources([SampleData.Org("org_1"), SampleData.User("u1"), SampleData.User("u2")]);
            writer.PutEntitlements([SampleData.Member("org_1")]);
            writer.PutGrants([SampleData.Grant("org_1", "u1"), SampleData.Grant("org_1", "u2")]);
            writer.Complete(completion);
        }

        var db = C1zTestFiles.Decode(path, _dir);
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT sync_type, stats FROM v1_sync_runs";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        return (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1));
    }

    [Fact]
    public void Complete_NoCompletion_WritesFullAndCountsPerType()
    {
        var (type, stats) = Write(null);

        Assert.Equal("full", type);
        // Zero totals and empty maps are left out as Go's omitempty does; a declared type without rows counts 0.
        Assert.Equal(
            """{"resource_types":3,"resources":3,"entitlements":1,"grants":2,"resources_by_resource_type":{"organization":1,"role":0,"user":2},"grants_by_resource_type":{"organization":2},"entitlements_by_resource_type":{"organization":1}}""",
            stats);
    }

    [Fact]
    public void Complete_StepDurationsAndCallStats_AreRecordedSorted()
    {
        var (_, stats) = Write(new C1zCompletion
        {
            StepDurationsMs = new Dictionary<string, long> { ["list-resources"] = 120, ["list-grants"] = 300, ["rate_limit_wait"] = 0 },
            ConnectorCallStats = new Dictionary<string, C1zCallStat> { ["ListResources"] = new(4, 100, 40) },
        });

        Assert.EndsWith(
            """{"organization":1},"step_durations_ms":{"list-grants":300,"list-resources":120,"rate_limit_wait":0},"connector_call_stats":{"ListResources":{"count":4,"total_ms":100,"max_ms":40}}}""",
            stats);
    }

    [Fact]
    public void Complete_ResourcesOnly_WritesTypeAndNoEntitlementOrGrantCounts()
    {
        var (type, stats) = Write(new C1zCompletion { SyncType = C1zSyncType.ResourcesOnly });

        Assert.Equal("resources_only", type);
        Assert.Equal("""{"resource_types":3,"resources":3,"resources_by_resource_type":{"organization":1,"role":0,"user":2}}""", stats);
    }

    [Fact]
    public void Complete_Partial_WritesPartial()
    {
        Assert.Equal("partial", Write(new C1zCompletion { SyncType = C1zSyncType.Partial }).Type);
    }

    [Theory]
    [InlineData(false, false, C1zSyncType.Full)]
    [InlineData(false, true, C1zSyncType.ResourcesOnly)]
    [InlineData(true, false, C1zSyncType.Partial)]
    [InlineData(true, true, C1zSyncType.Partial)]
    public void Of_TargetedAndSkipFlags_FollowsTheSdk(bool targeted, bool skip, C1zSyncType expected) =>
        Assert.Equal(expected, C1zSyncTypes.Of(targeted, skip));
}
