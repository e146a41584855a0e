using BatonClerk.Engine.Tests.Support;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Host;

/// <summary>One-shot grants and revokes through the real executable, reading ids from a synced c1z.</summary>
public sealed class ProvisioningEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-prov-").FullName;
    private readonly ClerkSimulator _sim = ClerkSimulator.Start(new SimulatorOptions
    {
        DatasetOptions = new SimDatasetOptions { Users = 40, Organizations = 3, Seed = 5 },
    });

    private readonly List<HostProcess.Result> _runs = [];

    public void Dispose()
    {
        _sim.Dispose();
        Directory.Delete(_dir, true);
    }

    [Fact]
    public async Task GrantAndRevoke_FullCycle_WritesOnlyWhatChanges()
    {
        var file = await SyncAsync("first.c1z");
        var (org, user) = NonMember();
        var admin = RoleId("org:admin");
        var member = $"organization:{org}:member";
        var adminRole = $"organization:{org}:role:{admin}";

        var granted = await Provision(file, "-p", "--grant-entitlement", member, "--grant-principal", user, "--grant-principal-type", "user");
        Assert.True(granted.ExitCode == 0, granted.StdErr);
        Assert.StartsWith("granted: ", granted.StdOut, StringComparison.Ordinal);
        Assert.Equal("org:member", RoleOf(org, user));
        Assert.Equal(1, _sim.RequestLog.CountWrites());

        var again = await Provision(file, "-p", "--grant-entitlement", member, "--grant-principal", user, "--grant-principal-type", "user");
        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("already granted", again.StdOut, StringComparison.Ordinal);
        Assert.Equal(1, _sim.RequestLog.CountWrites());

        var promoted = await Provision(file, "-p", "--grant-entitlement", adminRole, "--grant-principal", user, "--grant-principal-type", "user");
        Assert.True(promoted.ExitCode == 0, promoted.StdErr);
        Assert.Contains("replacing the previous role", promoted.StdOut, StringComparison.Ordinal);
        Assert.Contains($"replaced grant: organization:{org}:role:{RoleId("org:member")}:user:{user}", promoted.StdOut, StringComparison.Ordinal);
        Assert.Equal("org:admin", RoleOf(org, user));
        Assert.Equal(2, _sim.RequestLog.CountWrites());

        // The grants to revoke exist only in a sync taken after the grants.
        var second = await SyncAsync("second.c1z");
        var revokedRole = await Provision(second, "-p", "--revoke-grant", $"{adminRole}:user:{user}");
        Assert.True(revokedRole.ExitCode == 0, revokedRole.StdErr);
        Assert.StartsWith("revoked: ", revokedRole.StdOut, StringComparison.Ordinal);
        Assert.Equal("org:member", RoleOf(org, user));
        Assert.Equal(3, _sim.RequestLog.CountWrites());

        var revokedRoleAgain = await Provision(second, "-p", "--revoke-grant", $"{adminRole}:user:{user}");
        Assert.Equal(0, revokedRoleAgain.ExitCode);
        Assert.StartsWith("already revoked", revokedRoleAgain.StdOut, StringComparison.Ordinal);
        Assert.Equal(3, _sim.RequestLog.CountWrites());

        var removed = await Provision(second, "-p", "--revoke-grant", $"{member}:user:{user}");
        Assert.True(removed.ExitCode == 0, removed.StdErr);
        Assert.Null(RoleOf(org, user));
        Assert.Equal(4, _sim.RequestLog.CountWrites());

        var removedAgain = await Provision(second, "-p", "--revoke-grant", $"{member}:user:{user}");
        Assert.Equal(0, removedAgain.ExitCode);
        Assert.StartsWith("already revoked", removedAgain.StdOut, StringComparison.Ordinal);
        Assert.Equal(4, _sim.RequestLog.CountWrites());
        AssertNoSecretPrinted();
    }

    [Fact]
    public async Task Grant_WithoutProvisioningFlag_RefusedWithNoRequest()
    {
        var file = await SyncAsync("first.c1z");
        var (org, user) = NonMember();
        _sim.RequestLog.Clear();

        var r = await Provision(file, "--grant-entitlement", $"organization:{org}:member", "--grant-principal", user, "--grant-principal-type", "user");
        var revoke = await Provision(file, "--revoke-grant", $"organization:{org}:member:user:{user}");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--provisioning", SingleError(r), StringComparison.Ordinal);
        Assert.Equal(2, revoke.ExitCode);
        Assert.Contains("--provisioning", SingleError(revoke), StringComparison.Ordinal);
        Assert.Equal(0, _sim.RequestLog.Count);
        Assert.Null(RoleOf(org, user));
        AssertNoSecretPrinted();
    }

    [Fact]
    public async Task Grant_InvalidRequests_RefusedWithZeroWrites()
    {
        var file = await SyncAsync("first.c1z");
        var (org, user) = NonMember();
        var gone = _sim.Dataset.Users.First(u => u.Id != user).Id;
        Assert.True(_sim.Dataset.RemoveUser(gone));

        var notAUser = await Provision(file, "-p", "--grant-entitlement", $"organization:{org}:member", "--grant-principal", org, "--grant-principal-type", "organization");
        var notInFile = await Provision(file, "-p", "--grant-entitlement", $"organization:{org}:role:role_nope", "--grant-principal", user, "--grant-principal-type", "user");
        var unknownUser = await Provision(file, "-p", "--grant-entitlement", $"organization:{org}:member", "--grant-principal", gone, "--grant-principal-type", "user");
        var usage = await Provision(file, "-p", "--grant-entitlement", $"organization:{org}:member", "--revoke-grant", "x");

        Assert.Equal(1, notAUser.ExitCode);
        Assert.Contains("only a user can", SingleError(notAUser), StringComparison.Ordinal);
        Assert.Equal(1, notInFile.ExitCode);
        Assert.Contains("is not in", SingleError(notInFile), StringComparison.Ordinal);
        Assert.Equal(1, unknownUser.ExitCode);
        Assert.Contains($"user {gone} is unknown to Clerk", SingleError(unknownUser), StringComparison.Ordinal);
        Assert.Equal(2, usage.ExitCode);
        Assert.Equal(0, _sim.RequestLog.CountWrites());
        Assert.Null(RoleOf(org, user));
        AssertNoSecretPrinted();
    }

    [Fact]
    public async Task Capabilities_WithProvisioning_DeclaresProvisionForOrganizations()
    {
        var off = await HostProcess.RunAsync(["capabilities"]);
        var on = await HostProcess.RunAsync(["capabilities", "-p"]);

        Assert.Equal(0, on.ExitCode);
        Assert.DoesNotContain("CAPABILITY_PROVISION", off.StdOut, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(on.StdOut);
        var provisioned = json.RootElement.GetProperty("resourceTypeCapabilities").EnumerateArray()
            .Where(t => t.GetProperty("capabilities").EnumerateArray().Any(c => c.GetString() == "CAPABILITY_PROVISION"))
            .Select(t => t.GetProperty("resourceType").GetProperty("id").GetString());
        Assert.Equal(["organization"], provisioned);
        Assert.Contains("CAPABILITY_PROVISION", json.RootElement.GetProperty("connectorCapabilities").EnumerateArray().Select(c => c.GetString()));
    }

    private static string SingleError(HostProcess.Result r) =>
        Assert.Single(r.StdErr.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));

    private (string Org, string User) NonMember()
    {
        var org = _sim.Dataset.Organizations[0].Id;
        var user = _sim.Dataset.Users.First(u => _sim.Dataset.MembershipsOf(org).All(m => m.UserId != u.Id)).Id;
        return (org, user);
    }

    private string RoleId(string key) => _sim.Dataset.Roles.Single(r => r.Key == key).Id;

    private string? RoleOf(string org, string user) => _sim.Dataset.MembershipsOf(org).SingleOrDefault(m => m.UserId == user)?.Role;

    private async Task<string> SyncAsync(string name)
    {
        var file = Path.Combine(_dir, name);
        var r = await Run(["-f", file]);
        Assert.True(r.ExitCode == 0, r.StdErr);
        return file;
    }

    private Task<HostProcess.Result> Provision(string file, params string[] args) => Run(["-f", file, .. args]);

    private async Task<HostProcess.Result> Run(string[] args)
    {
        var r = await HostProcess.RunAsync(
            ["--clerk-api-url", _sim.BaseUrl, "--requests-per-second", "1000", "--log-level", "debug", .. args],
            new Dictionary<string, string> { ["BATON_SECRET_KEY"] = _sim.SecretKey },
            _dir);
        _runs.Add(r);
        return r;
    }

    private void AssertNoSecretPrinted()
    {
        Assert.NotEmpty(_runs);
        Assert.All(_runs, r => Assert.DoesNotContain(_sim.SecretKey, r.StdOut + r.StdErr, StringComparison.Ordinal));
    }
}
