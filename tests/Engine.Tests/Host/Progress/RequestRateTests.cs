using BatonClerk.Engine.Sync;
using BatonClerk.Host.Progress;

namespace BatonClerk.Engine.Tests.Host.Progress;

public sealed class RequestRateTests
{
    private static SyncProgress At(double seconds, long requests) => new([], requests, 0, TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Add_BurstTheWindowAllows_NeverReadsAboveTheBudget()
    {
        // A 5 req/s budget is 50 per 10 s: the gate may send all 50 in the first seconds.
        var rate = new RequestRate();
        var readings = new[] { rate.Add(At(0, 0)), rate.Add(At(1, 30)), rate.Add(At(2, 50)), rate.Add(At(4, 50)), rate.Add(At(9, 50)) };

        Assert.All(readings, r => Assert.InRange(r, 0, 5.0));
        Assert.Equal(5.0, readings[2], 3);
    }

    [Fact]
    public void Add_SteadyRate_ReadsThatRate()
    {
        var rate = new RequestRate();
        double last = 0;
        for (var second = 0; second <= 30; second++)
        {
            last = rate.Add(At(second, second * 4L));
        }

        Assert.Equal(4.0, last, 3);
    }

    [Fact]
    public void Add_FirstSnapshotAfterTheOpeningBurst_StillCountsTheBurst()
    {
        var rate = new RequestRate();

        rate.Add(At(0.5, 20));
        var reading = rate.Add(At(2, 20));

        Assert.Equal(2.0, reading, 3);
    }
}
