using BatonClerk.Engine.Sync;

namespace BatonClerk.Engine.Tests.Sync;

public sealed class IdleStorePolicyTests
{
    // 10 pages per second of budget: an ETA of 4.5 s is 45 pages left.
    private static SyncProgress Progress(long storedPages, double etaSeconds, bool waiting = true, bool lowerBound = false, bool grantsStored = false) =>
        new([new PagerProgressSnapshot("users", storedPages * 500, storedPages, -1, false), new PagerProgressSnapshot("memberships", 0, 0, -1, grantsStored)],
            storedPages, 0, TimeSpan.FromSeconds(20))
        {
            BudgetPerSecond = 10,
            WaitingForBudget = waiting,
            EtaSeconds = etaSeconds,
            EtaIsLowerBound = lowerBound,
            Percent = Math.Round(100.0 * storedPages / (storedPages + etaSeconds * 10), 1),
        };

    [Fact]
    public void Allows_RateBoundNearlyDoneTwiceInARow_AllowsOnTheSecondLook()
    {
        var policy = new IdleStorePolicy();

        Assert.False(policy.Allows(Progress(200, 4.5), storeIdle: true));
        Assert.True(policy.Allows(Progress(200, 4.5), storeIdle: true));
    }

    [Fact]
    public void Allows_ABusyLookInBetween_StartsCountingAgain()
    {
        var policy = new IdleStorePolicy();

        Assert.False(policy.Allows(Progress(200, 4.5), storeIdle: true));
        Assert.False(policy.Allows(Progress(200, 4.5), storeIdle: false));
        Assert.False(policy.Allows(Progress(200, 4.5), storeIdle: true));
        Assert.True(policy.Allows(Progress(200, 4.5), storeIdle: true));
    }

    [Theory]
    [InlineData(200, 4.5, false, true, false)] // the store is writing a page
    [InlineData(200, 4.5, true, false, false)] // nothing waits for the budget: CPU- or Clerk-bound, not rate-bound
    [InlineData(200, 4.5, true, true, true)] // pagers not planned yet: the total is unknown
    [InlineData(100, 6, true, true, false)] // 60 left of 160: less than two thirds done
    [InlineData(900, 25, true, true, false)] // 250 left: too many rows to index one by one
    [InlineData(1200, 5, true, true, false)] // 1200 stored: the build would outlast a wait
    public void Allows_NotRateBoundOrNotNearlyDone_NeverAllows(long stored, double eta, bool storeIdle, bool waiting, bool lowerBound)
    {
        var policy = new IdleStorePolicy();

        for (var i = 0; i < 4; i++)
        {
            Assert.False(policy.Allows(Progress(stored, eta, waiting, lowerBound), storeIdle));
        }
    }

    [Theory]
    [InlineData(900, 25)] // 250 users pages left
    [InlineData(1200, 60)] // 1200 stored, 600 left, under half done
    public void Allows_EveryGrantStoredAndRateBound_AllowsWithManyUsersPagesLeft(long stored, double eta)
    {
        var policy = new IdleStorePolicy();

        Assert.False(policy.Allows(Progress(stored, eta, grantsStored: true), storeIdle: true));
        Assert.True(policy.Allows(Progress(stored, eta, grantsStored: true), storeIdle: true));
    }

    [Theory]
    [InlineData(false, true, false)] // the store is writing a page
    [InlineData(true, false, false)] // nothing waits for the budget
    [InlineData(true, true, true)] // pagers not planned yet
    public void Allows_EveryGrantStoredButNotRateBound_NeverAllows(bool storeIdle, bool waiting, bool lowerBound)
    {
        var policy = new IdleStorePolicy();

        for (var i = 0; i < 4; i++)
        {
            Assert.False(policy.Allows(Progress(900, 25, waiting, lowerBound, grantsStored: true), storeIdle));
        }
    }
}
