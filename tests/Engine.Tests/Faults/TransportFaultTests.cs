using BatonClerk.Engine.Tests.Support;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Faults;

/// <summary>
/// Transient faults (5xx, dropped connections, attempts slower than the attempt timeout, cut or broken bodies) are
/// retried by the client and the output is exact; a fault outlasting the retry budget fails the sync cleanly.
/// </summary>
public sealed class TransportFaultTests : FaultSuite
{
    public static TheoryData<SimFaultKind> TransientKinds =>
    [
        SimFaultKind.HttpError, SimFaultKind.ConnectionAbort, SimFaultKind.SlowResponse, SimFaultKind.TruncatedBody, SimFaultKind.MalformedJson,
    ];

    [Theory]
    [MemberData(nameof(TransientKinds))]
    public async Task Sync_TransientFaultBursts_RecoverWithExactData(SimFaultKind kind)
    {
        // 1200 users: three /users pages in parallel, so a burst hits several calls at once.
        using var sim = Simulator(users: 1200, orgs: 12);
        SimFaultRule Burst(string path, params int[] requests) => new()
        {
            PathPrefix = path, Kind = kind, OnRequests = requests, StatusCode = 503, Delay = TimeSpan.FromSeconds(3),
        };
        sim.AddFault(Burst("/users", 2, 3, 4));
        sim.AddFault(Burst("/organization_roles", 1, 2));
        sim.AddFault(Burst("/organizations", 1));
        sim.AddFault(Burst("/organization_memberships", 1, 2));
        sim.AddFault(Burst("/organization_permissions", 1));

        var r = await Sync(sim, "--attempt-timeout-seconds", "1");

        Succeeded(r);

        // A slow answer is logged when the simulator finally sends it, after the client has given up on it.
        for (var wait = 0; wait < 50 && Injected(sim, kind) < 9; wait++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(9, Injected(sim, kind));
        C1zAssert.MatchesDataset(sim.Dataset, File);
        Assert.Equal([File], Directory.GetFiles(Dir));
    }

    [Theory]
    [InlineData(SimFaultKind.HttpError)]
    [InlineData(SimFaultKind.ConnectionAbort)]
    public async Task Sync_FaultPersistingPastTheRetryBudget_ExitsOneWithNoFile(SimFaultKind kind)
    {
        using var sim = Simulator(users: 200, orgs: 4);
        sim.AddFault(SimFaultRule.AtRate("/organization_roles", kind, 1.0));

        // One retry per call keeps the case short; the pager restarts (5 per minute) still apply.
        var r = await Sync(sim, "--max-retry-attempts", "1");

        var error = C1zAssert.FailedCleanly(r, Dir);
        Assert.Contains("organization_roles", error, StringComparison.Ordinal);
        var attempts = sim.RequestLog.CountPath("/organization_roles");
        Assert.True(attempts is >= 2 and <= 2 * (1 + 5), $"{attempts} attempts at /organization_roles");
    }
}
