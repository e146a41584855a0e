using BatonClerk.Engine.Tests.Support;

namespace BatonClerk.Engine.Tests.Faults;

/// <summary>A server that ignores offset returns the first page for ever; the sync stops instead of looping.</summary>
public sealed class PagingLoopTests : FaultSuite
{
    [Fact]
    public async Task Sync_ServerIgnoresOffset_ExitsOneNamingTheLoopAfterFewRequests()
    {
        // 1200 users: three /users pages, the second and third of which come back as the first.
        using var sim = Simulator(users: 1200, orgs: 4);
        sim.IgnoreOffset = true;

        var r = await Sync(sim);

        var error = C1zAssert.FailedCleanly(r, Dir);
        Assert.Contains("ignores offset", error, StringComparison.Ordinal);
        Assert.True(sim.RequestLog.CountPath("/users") <= 3, $"{sim.RequestLog.CountPath("/users")} /users requests");
        Assert.True(sim.RequestLog.Count <= 20, $"{sim.RequestLog.Count} requests in all");
    }
}
