using BatonClerk.Engine.Sync.Gate;

namespace BatonClerk.Engine.Tests.Sync.Gate;

public sealed class SlidingWindowBudgetTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryTake_BurstUpToCapacity_ThenRefuses()
    {
        var budget = new SlidingWindowBudget(3, TimeSpan.FromSeconds(10));
        Assert.True(budget.TryTake(T0));
        Assert.True(budget.TryTake(T0));
        Assert.True(budget.TryTake(T0.AddSeconds(1)));
        Assert.False(budget.TryTake(T0.AddSeconds(2)));
        Assert.Equal(DateTimeOffset.MaxValue, budget.NextAvailable(T0.AddSeconds(2)));
        budget.Release(T0);
        budget.Release(T0);
        budget.Release(T0.AddSeconds(1));
        Assert.Equal(T0.AddSeconds(10), budget.NextAvailable(T0.AddSeconds(2)));
    }

    [Fact]
    public void TryTake_InAnyTenSecondSpan_NeverExceedsCapacity()
    {
        var budget = new SlidingWindowBudget(5, TimeSpan.FromSeconds(10));
        var granted = new List<DateTimeOffset>();
        for (var ms = 0; ms < 60_000; ms += 250)
        {
            var now = T0.AddMilliseconds(ms);
            while (budget.TryTake(now))
            {
                budget.Release(now);
                granted.Add(now);
            }
        }

        Assert.Equal(30, granted.Count);
        foreach (var start in granted)
        {
            Assert.True(granted.Count(t => t >= start && t < start.AddSeconds(10)) <= 5);
        }
    }

    [Fact]
    public void PauseUntil_BlocksEvenWithBudgetLeft()
    {
        var budget = new SlidingWindowBudget(100, TimeSpan.FromSeconds(10));
        budget.PauseUntil(T0.AddSeconds(4));
        Assert.False(budget.TryTake(T0.AddSeconds(3)));
        Assert.Equal(T0.AddSeconds(4), budget.NextAvailable(T0));
        Assert.Throws<InvalidOperationException>(() => budget.Release(T0));
        Assert.True(budget.TryTake(T0.AddSeconds(4)));
    }

    [Fact]
    public void PauseUntil_ShorterPause_DoesNotShortenLonger()
    {
        var budget = new SlidingWindowBudget(100, TimeSpan.FromSeconds(10));
        budget.PauseUntil(T0.AddSeconds(8));
        budget.PauseUntil(T0.AddSeconds(2));
        Assert.Equal(T0.AddSeconds(8), budget.PausedUntil);
    }

    [Theory]
    [InlineData("sk_live_abc", 0.5, null, 500)]
    [InlineData("sk_test_abc", 0.5, null, 50)]
    [InlineData("sk_test_abc", 1.0, null, 100)]
    [InlineData("sk_live_abc", 0.5, 20.0, 200)]
    public void Resolve_KeyShareAndRate_GivesWindowBudget(string key, double share, double? rps, int expected) =>
        Assert.Equal(expected, RateBudget.Resolve(key, share, rps).RequestsPerWindow);

    [Theory]
    [InlineData(0.0, null)]
    [InlineData(1.5, null)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.5, -3.0)]
    public void Resolve_OutOfRange_Throws(double share, double? rps) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RateBudget.Resolve("sk_test_x", share, rps));

    [Fact]
    public void Adopt_EndedAndInFlightRequestsSentBeforeTheBudget_CountAsItsOwn()
    {
        var budget = new SlidingWindowBudget(3, TimeSpan.FromSeconds(10));
        budget.Adopt(T0.AddSeconds(2));
        budget.Adopt(T0.AddSeconds(1));
        budget.Adopt(null);

        Assert.Equal(0, budget.Free(T0.AddSeconds(3)));
        Assert.False(budget.TryTake(T0.AddSeconds(3)));
        // The earlier end leaves the window first, though it was adopted second.
        Assert.Equal(T0.AddSeconds(11), budget.NextAvailable(T0.AddSeconds(3)));
        Assert.True(budget.TryTake(T0.AddSeconds(11)));
        Assert.False(budget.TryTake(T0.AddSeconds(11.5)));
        budget.Release(T0.AddSeconds(4));
        Assert.Equal(T0.AddSeconds(12), budget.NextAvailable(T0.AddSeconds(11.5)));
    }
}
