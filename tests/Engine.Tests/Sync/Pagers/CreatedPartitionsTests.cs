using BatonClerk.Engine.Sync.Pagers;

namespace BatonClerk.Engine.Tests.Sync.Pagers;

public sealed class CreatedPartitionsTests
{
    [Fact]
    public void Split_CoversEveryMillisecondExactlyOnceWithExclusiveBounds()
    {
        var ranges = CreatedPartitions.Split(1000, 1999, 7);
        Assert.Equal(7, ranges.Count);
        for (long t = 1000; t <= 1999; t++)
        {
            Assert.Equal(1, ranges.Count(r => t > r.After && t < r.Before));
        }
    }

    [Fact]
    public void Split_RangeSmallerThanPartitions_GivesOnePerMillisecond()
    {
        var ranges = CreatedPartitions.Split(5, 7, 16);
        Assert.Equal(3, ranges.Count);
    }

    [Fact]
    public void Split_SingleInstant_GivesOneRangeContainingIt()
    {
        var range = Assert.Single(CreatedPartitions.Split(42, 42, 4));
        Assert.True(42 > range.After && 42 < range.Before);
    }
}
