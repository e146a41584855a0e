using BatonClerk.Engine.Tests.Support;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Faults;

/// <summary>429s are not errors: they pause every request for Retry-After (or the engine's 10 s default) and the sync goes on.</summary>
public sealed class RateLimitStormTests : FaultSuite
{
    [Fact]
    public async Task Sync_EveryRequestAnswered429ForAWhile_WritesExactlyTheDataset()
    {
        using var sim = Simulator();
        sim.AddFault(SimFaultRule.TooManyRequests("/", "1", maxFires: 12));

        var r = await Sync(sim);

        Succeeded(r);
        Assert.Equal(12, sim.RequestLog.CountStatus(429));
        Assert.Equal(429, sim.RequestLog.Entries[0].Status);
        C1zAssert.MatchesDataset(sim.Dataset, File);
    }

    [Fact]
    public async Task Sync_429WithRetryAfterTenSeconds_MakesNoRequestDuringThePause()
    {
        using var sim = Simulator();
        sim.AddFault(SimFaultRule.TooManyRequests("/organization_roles", "10", maxFires: 1, 1));

        var r = await Sync(sim);

        Succeeded(r);
        C1zAssert.MatchesDataset(sim.Dataset, File);
        Assert.True(r.Elapsed >= TimeSpan.FromSeconds(10), $"the sync took {r.Elapsed}");
        AssertPaused(sim, TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// After the 429 at T, only requests already in flight may arrive (within 0.5 s); the next one is sent when the
    /// pause ends. The simulator logs a request when it answers it, with no latency configured that is its arrival.
    /// </summary>
    internal static void AssertPaused(ClerkSimulator sim, TimeSpan pause)
    {
        var entries = sim.RequestLog.Entries;
        var limited = Assert.Single(entries, e => e.Status == 429);
        var inFlightUntil = limited.Timestamp + TimeSpan.FromMilliseconds(500);
        var during = entries.Where(e => e.Timestamp > inFlightUntil && e.Timestamp < limited.Timestamp + pause - TimeSpan.FromMilliseconds(100)).ToList();
        Assert.True(during.Count == 0, $"{during.Count} requests during the pause, the first {during.FirstOrDefault()} (429 at {limited.Timestamp:O})");
        Assert.Contains(entries, e => e.Timestamp >= limited.Timestamp + pause - TimeSpan.FromMilliseconds(100));
    }
}

/// <summary>A 429 without a usable Retry-After pauses for the engine default (10 s), not zero and not for ever.</summary>
public sealed class RateLimitDefaultPauseTests : FaultSuite
{
    [Theory]
    [InlineData(null)]
    [InlineData("soon, maybe")]
    public async Task Sync_429WithMissingOrMalformedRetryAfter_PausesTheDefaultTenSeconds(string? retryAfter)
    {
        using var sim = Simulator(users: 200, orgs: 4);
        sim.AddFault(SimFaultRule.TooManyRequests("/organization_roles", retryAfter, maxFires: 1, 1));

        var r = await Sync(sim);

        Succeeded(r);
        C1zAssert.MatchesDataset(sim.Dataset, File);
        Assert.True(r.Elapsed >= TimeSpan.FromSeconds(10), $"the sync took {r.Elapsed}");
        RateLimitStormTests.AssertPaused(sim, TimeSpan.FromSeconds(10));
    }
}
