using BatonClerk.Engine.Sync;

namespace BatonClerk.Engine.Tests.Sync;

public sealed class SyncMetricsTests
{
    [Fact]
    public void Retries_RequestsStillInFlight_AreNotRetries()
    {
        var metrics = new SyncMetrics();
        for (var i = 0; i < 8; i++)
        {
            metrics.RequestSent();
        }

        // Two answered, one 429, one failed; four still waiting for Clerk.
        for (var i = 0; i < 4; i++)
        {
            metrics.RequestEnded();
        }

        metrics.ResponseReceived();
        metrics.ResponseReceived();
        metrics.RateLimited();

        Assert.Equal(1, metrics.Retries);
    }
}
