using BatonClerk.Engine.Sync;

namespace BatonClerk.Engine.Tests.Sync;

public sealed class SyncItemCountsTests
{
    [Fact]
    public void From_OnlySomeEndpointsRan_LeavesTheOthersNullAndListsTheFetchedInSyncOrder()
    {
        var counts = SyncItemCounts.From(new Dictionary<string, long> { ["roles"] = 3, ["users"] = 40, ["memberships"] = 0 });

        Assert.Equal(40, counts.Users);
        Assert.Equal(3, counts.Roles);
        Assert.Equal(0, counts.Memberships);
        Assert.Null(counts.Organizations);
        Assert.Null(counts.Permissions);
        Assert.Equal(["users", "roles", "memberships"], counts.Fetched().Select(c => c.Key));
    }
}
