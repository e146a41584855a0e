using BatonClerk.Engine.C1z;

namespace BatonClerk.Engine.Tests.C1z;

/// <summary>The SDK's cleanup policy, with the new sync open (so 2 means one earlier full sync stays).</summary>
public sealed class SyncRetentionTests
{
    private static C1zSyncRun Run(string id, string type, int startDay, int? endDay, string linked = "") =>
        new(id, $"2026-03-{startDay:00} 10:00:00", endDay is { } d ? $"2026-03-{d:00} 11:00:00.5" : null, type, "", "")
        {
            LinkedSyncId = linked,
        };

    [Fact]
    public void ToDrop_ThreeFullSyncs_DropsAllButTheNewest()
    {
        var drop = SyncRetention.ToDrop([Run("f1", "full", 1, 1), Run("f2", "full", 2, 2), Run("f3", "full", 3, 3)], 2);

        Assert.Equal(["f1", "f2"], drop.Order());
    }

    [Fact]
    public void ToDrop_PartialsEndedBeforeTheNewestDroppedFullStarted_AreDropped()
    {
        var drop = SyncRetention.ToDrop(
        [
            Run("p0", "resources_only", 1, 1),
            Run("f1", "full", 2, 2),
            Run("p1", "partial", 3, 3),
            Run("f2", "full", 4, 4),
            Run("p2", "partial", 5, 5),
        ], 2);

        // The SDK's cutoff is f1's start: p1, between the dropped and the kept full sync, stays.
        Assert.Equal(["f1", "p0"], drop.Order());
    }

    [Fact]
    public void ToDrop_UnfinishedAndUnknownTypes_UnfinishedNeverDroppedUnknownCountsAsFull()
    {
        var drop = SyncRetention.ToDrop([Run("u", "full", 1, null), Run("x", "something-new", 2, 2), Run("f", "full", 3, 3)], 2);

        Assert.Equal(["x"], drop);
    }

    [Fact]
    public void ToDrop_MoreThanTwoDiffSyncs_KeepsTheLatestAndItsLinkedSync()
    {
        var drop = SyncRetention.ToDrop(
        [
            Run("d1", "partial_upserts", 1, 1, "d2"),
            Run("d2", "partial_deletions", 1, 1, "d1"),
            Run("d3", "partial_deletions", 2, 2, "d4"),
            Run("d4", "partial_upserts", 2, 2, "d3"),
        ], 2);

        Assert.Equal(["d1", "d2"], drop.Order());
    }

    [Fact]
    public void ToDrop_KeepOne_DropsEveryEarlierFullSync()
    {
        var drop = SyncRetention.ToDrop([Run("f1", "full", 1, 1)], 1);

        Assert.Equal(["f1"], drop);
    }

    [Fact]
    public void ToDrop_OnlyOneEarlierFullSync_DropsNothing()
    {
        Assert.Empty(SyncRetention.ToDrop([Run("p", "partial", 1, 1), Run("f", "full", 2, 2)], 2));
    }
}
