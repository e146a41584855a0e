using BatonClerk.Engine.Tests.Support;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Faults;

/// <summary>
/// At debug level, failing and succeeding: the Clerk secret key appears in no output, log, exception text or file,
/// and no private_metadata or unsafe_metadata value reaches the c1z.
/// </summary>
public sealed class SecretLeakTests : FaultSuite
{
    [Fact]
    public async Task Sync_WrongSecretKeyAtDebugLevel_NeverPrintsTheKey()
    {
        using var sim = Simulator(users: 50, orgs: 3);
        var wrongKey = "sk_test_" + Guid.NewGuid().ToString("N");

        var r = await HostProcess.RunAsync(
            ["--clerk-api-url", sim.BaseUrl, "-f", File, "--log-level", "debug", "--log-format", "json"],
            new Dictionary<string, string> { ["BATON_SECRET_KEY"] = wrongKey },
            Dir);

        C1zAssert.FailedCleanly(r, Dir);
        AssertNoKey(wrongKey, r);
        AssertNoKey(sim.SecretKey, r);
    }

    [Fact]
    public async Task Sync_PersistentServerErrorsAtDebugLevel_NeverPrintsTheKey()
    {
        using var sim = Simulator(users: 50, orgs: 3);
        sim.AddFault(SimFaultRule.AtRate("/", SimFaultKind.HttpError, 1.0));

        var r = await Sync(sim, "--max-retry-attempts", "1", "--secret-key", sim.SecretKey);

        C1zAssert.FailedCleanly(r, Dir);
        Assert.Contains("Exception", r.StdErr, StringComparison.Ordinal);
        AssertNoKey(sim.SecretKey, r);
    }

    [Fact]
    public async Task Sync_SucceedingAtDebugLevel_KeepsKeyAndPrivateMetadataOutOfEveryOutput()
    {
        using var sim = Simulator(users: 300, orgs: 6);

        var r = await Sync(sim);

        Succeeded(r);
        AssertNoKey(sim.SecretKey, r);
        var sqlite = C1zAssert.Decompress(File);
        Assert.StartsWith("SQLite format 3", System.Text.Encoding.ASCII.GetString(sqlite, 0, 15), StringComparison.Ordinal);
        Assert.True(C1zAssert.Contains(sqlite, sim.Dataset.Users[0].Id), "the scan must see the stored rows");
        Assert.False(C1zAssert.Contains(sqlite, sim.SecretKey));
        Assert.False(C1zAssert.Contains(sqlite, "sk_test_"));
        Assert.False(C1zAssert.Contains(sqlite, SimUser.PrivateMarkerPrefix));
        Assert.False(C1zAssert.Contains(sqlite, SimUser.UnsafeMarkerPrefix));
        Assert.False(C1zAssert.Contains(System.IO.File.ReadAllBytes(File), sim.SecretKey));
    }

    [Fact]
    public async Task Config_SecretKeyInFlagAndEnvironment_NeverPrintsIt()
    {
        var key = "sk_live_" + Guid.NewGuid().ToString("N");

        var fromEnv = await HostProcess.RunAsync(["config"], new Dictionary<string, string> { ["BATON_SECRET_KEY"] = key }, Dir);
        var help = await HostProcess.RunAsync(["--help"], new Dictionary<string, string> { ["BATON_SECRET_KEY"] = key }, Dir);

        Assert.Equal(0, fromEnv.ExitCode);
        Assert.Contains("secret-key", fromEnv.StdOut, StringComparison.Ordinal);
        AssertNoKey(key, fromEnv);
        AssertNoKey(key, help);
    }

    private static void AssertNoKey(string key, HostProcess.Result r)
    {
        Assert.DoesNotContain(key, r.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(key, r.StdErr, StringComparison.Ordinal);

        // A partial key (e.g. a truncated header dump) is a leak too.
        Assert.DoesNotContain(key[8..24], r.StdOut + r.StdErr, StringComparison.Ordinal);
    }
}
