using BatonClerk.Engine.Sync.Pagers;

namespace BatonClerk.Engine.Tests.Sync.Pagers;

public sealed class PagerReplacementsTests
{
    [Fact]
    public void TryTake_BudgetSpentWithinTheWindow_RefusesUntilTheOldestLeavesIt()
    {
        var replacements = new PagerReplacements(2, TimeSpan.FromMinutes(1));

        Assert.Equal(2, replacements.TryTake("users", TimeSpan.FromSeconds(0)));
        Assert.Equal(3, replacements.TryTake("users", TimeSpan.FromSeconds(10)));
        Assert.Null(replacements.TryTake("users", TimeSpan.FromSeconds(50)));
        // Another endpoint has its own budget.
        Assert.Equal(2, replacements.TryTake("memberships", TimeSpan.FromSeconds(50)));
        // A minute after the first replacement, one is available again; generations keep counting.
        Assert.Equal(4, replacements.TryTake("users", TimeSpan.FromSeconds(61)));
    }
}
