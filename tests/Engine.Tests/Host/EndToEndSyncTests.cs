using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Tests.Support;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Host;

/// <summary>The real executable against the simulator; the c1z is checked row by row against the dataset.</summary>
public sealed class EndToEndSyncTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-e2e-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static ClerkSimulator Simulator(int users = 1800, int orgs = 60) => ClerkSimulator.Start(new SimulatorOptions
    {
        DatasetOptions = new SimDatasetOptions { Users = users, Organizations = orgs, Seed = 11, MembershipsWithoutUserEvery = 97 },
    });

    private Task<HostProcess.Result> Sync(ClerkSimulator sim, string file, params string[] extra) =>
        HostProcess.RunAsync(
            ["--clerk-api-url", sim.BaseUrl, "-f", file, "--requests-per-second", "1000", "--log-level", "debug", .. extra],
            new Dictionary<string, string> { ["BATON_SECRET_KEY"] = sim.SecretKey },
            _dir);

    [Fact]
    public async Task Sync_WithInjected429sAnd5xx_WritesExactlyTheDataset()
    {
        using var sim = Simulator();
        sim.AddFault(SimFaultRule.Status("/users", 503, 2, 3));
        sim.AddFault(SimFaultRule.Status("/organization_memberships", 500, 1));
        sim.AddFault(SimFaultRule.Nth("/organizations", SimFaultKind.ConnectionAbort, 1));
        sim.RateLimit = new SimRateLimit(4, TimeSpan.FromSeconds(1));
        var file = Path.Combine(_dir, "out.c1z");

        var r = await Sync(sim, file);

        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.True(sim.RequestLog.CountStatus(429) > 0, "the simulator's rate limit should have answered 429 at least once");
        C1zAssert.MatchesDataset(sim.Dataset, file);
        Assert.Contains(sim.Dataset.Memberships, m => !sim.Dataset.Roles.Any(r => r.Key == m.Role));
        Assert.DoesNotContain(sim.SecretKey, r.StdErr + r.StdOut, StringComparison.Ordinal);
        Assert.Equal([file], Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task Sync_OrganizationsFeatureOff_SyncsUsersWarnsOnceAndExitsZero()
    {
        using var sim = Simulator(users: 700, orgs: 5);
        sim.OrganizationsDisabled = true;
        var file = Path.Combine(_dir, "out.c1z");

        var r = await Sync(sim, file, "--log-format", "console");

        Assert.True(r.ExitCode == 0, r.StdErr);
        using var reader = C1zReader.Open(file);
        Assert.Equal(["organization", "permission", "role", "user"], reader.ResourceTypes().Select(t => t.Id).Order());
        Assert.Equal(700, reader.Resources("user").Count);
        Assert.Empty(reader.Resources("organization"));
        Assert.Empty(reader.Resources("role"));
        Assert.Empty(reader.Resources("permission"));
        Assert.Empty(reader.Entitlements());
        Assert.Empty(reader.Grants());
        // Logged when it happens, and once in the closing summary after the "Requests" line.
        var summary = r.StdErr[r.StdErr.IndexOf("INF Requests ", StringComparison.Ordinal)..];
        Assert.Contains("retries 0", summary, StringComparison.Ordinal);
        var warnings = summary.Split('\n').Where(l => l.Contains(" WRN ", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count == 1 && warnings[0].Contains("organization_not_enabled_in_instance", StringComparison.Ordinal), r.StdErr);
        Assert.DoesNotContain("error:", r.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, sim.RequestLog.CountPathPrefix("/organization_memberships"));
    }

    [Fact]
    public async Task Sync_ForbiddenUsers_ExitsOneNamingTheRefusal()
    {
        using var sim = Simulator(users: 50, orgs: 3);
        sim.AddFault(SimFaultRule.Status("/users", 403, 1));
        var file = Path.Combine(_dir, "out.c1z");

        var r = await Sync(sim, file);

        var error = C1zAssert.FailedCleanly(r, _dir);
        Assert.Contains("Clerk refused access", error, StringComparison.Ordinal);
        Assert.Contains("403 GET /users", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_WrongSecretKey_ExitsOneQuicklyWithNoOutput()
    {
        using var sim = Simulator(users: 50, orgs: 3);
        var file = Path.Combine(_dir, "out.c1z");

        var r = await HostProcess.RunAsync(
            ["--clerk-api-url", sim.BaseUrl, "-f", file],
            new Dictionary<string, string> { ["BATON_SECRET_KEY"] = "sk_test_wrongwrongwrong" },
            _dir);

        Assert.Equal(1, r.ExitCode);
        var errorLines = r.StdErr.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.Contains("secret key was rejected", Assert.Single(errorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        Assert.Empty(Directory.GetFiles(_dir));
        Assert.True(sim.RequestLog.Count <= 6, $"{sim.RequestLog.Count} requests after a 401");
        Assert.DoesNotContain("wrongwrongwrong", r.StdErr + r.StdOut, StringComparison.Ordinal);
        Assert.True(r.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Sync_ExistingOutputAndFatalError_LeavesTheOldFileByteForByte()
    {
        using var sim = Simulator(users: 50, orgs: 3);
        sim.AddFault(SimFaultRule.Status("/organizations", 403, 1));
        var file = Path.Combine(_dir, "out.c1z");
        var old = "previous sync"u8.ToArray();
        await File.WriteAllBytesAsync(file, old);

        var r = await Sync(sim, file);

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(old, await File.ReadAllBytesAsync(file));
        Assert.Equal([file], Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task Sync_ResourceTypeSubset_WritesOnlyThoseTypes()
    {
        using var sim = Simulator(users: 120, orgs: 5);
        var file = Path.Combine(_dir, "subset.c1z");

        var r = await Sync(sim, file, "--sync-resource-types", "role,permission");

        Assert.True(r.ExitCode == 0, r.StdErr);
        using var reader = C1zReader.Open(file);
        Assert.Equal(["permission", "role"], reader.ResourceTypes().Select(t => t.Id).Order());
        Assert.Equal(sim.Dataset.Roles.Count + sim.Dataset.Permissions.Count, reader.Resources().Count);
        Assert.Empty(reader.Grants());
        Assert.Equal(0, sim.RequestLog.CountPathPrefix("/users"));
    }
}
