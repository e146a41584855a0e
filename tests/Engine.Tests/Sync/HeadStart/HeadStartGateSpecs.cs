using Akka.TestKit.Xunit2;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;
using BatonClerk.Engine.Sync.HeadStart;
using BatonClerk.Engine.Tests.Service.Fakes;

namespace BatonClerk.Engine.Tests.Sync.HeadStart;

/// <summary>What the sync's gate is told of the requests that left before it existed.</summary>
public sealed class HeadStartGateSpecs : TestKit
{
    [Fact]
    public async Task Attach_EndedInFlightAndRateLimited_TheGateCountsThemAllAndPausesForWhatIsLeft()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        var early = new HeadStartGate(time);
        var ended = await early.AcquireLeaseAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(300));
        ended.Dispose();
        var stillOut = await early.AcquireLeaseAsync(CancellationToken.None);
        early.NoteRateLimited(TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(2));
        var metrics = new SyncMetrics();

        var syncGate = new CountingGate();
        early.Attach(TestActor, metrics, syncGate);

        var adopted = ExpectMsg<AdoptPermits>();
        Assert.Equal([time.GetUtcNow() - TimeSpan.FromSeconds(2)], adopted.Ended);
        var id = Assert.Single(adopted.InFlight);
        Assert.Equal(TimeSpan.FromSeconds(3), ExpectMsg<RateLimited>().RetryAfter);
        Assert.Equal(2, metrics.Requests);

        stillOut.Dispose();
        Assert.Equal(id, ExpectMsg<ReleasePermit>().Id);
        early.NoteRateLimited(null);
        Assert.Null(ExpectMsg<RateLimited>().RetryAfter);

        // A retry after the sync took over asks the sync's own gate client, which waits for a permit.
        using (await early.AcquireLeaseAsync(CancellationToken.None))
        {
            Assert.Equal(1, syncGate.Leases);
        }

        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    private sealed class CountingGate : BatonClerk.Engine.Clerk.IRequestGate
    {
        public int Leases { get; private set; }

        public ValueTask AcquireAsync(CancellationToken cancellationToken)
        {
            Leases++;
            return ValueTask.CompletedTask;
        }
    }
}
