using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Tests.Support;
using BatonClerk.Simulator;
using Google.Protobuf;

namespace BatonClerk.Engine.Tests.Host;

/// <summary>The real executable against the simulator; the c1z is checked row by row against the dataset.</summary>
public sealed class EndToEndSyncTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-e2e-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static ClerkSimulator Simulator(int users = 1800, int orgs = 60) => ClerkSimulator.Start(new SimulatorOptions
    {
        DatasetOptions = new SimDatasetOptions { Users = users, Organizations = orgs, Seed = 11 },
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
        AssertMatchesDataset(sim.Dataset, file);
        Assert.DoesNotContain(sim.SecretKey, r.StdErr + r.StdOut, StringComparison.Ordinal);
        Assert.Equal([file], Directory.GetFiles(_dir));
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

    private static void AssertMatchesDataset(SimDataset data, string file)
    {
        using var reader = C1zReader.Open(file);
        Assert.Equal(["organization", "permission", "role", "user"], reader.ResourceTypes().Select(t => t.Id).Order());

        var users = reader.Resources("user").ToDictionary(r => r.Id.Resource);
        Assert.Equal(data.Users.Count, users.Count);
        foreach (var u in data.Users)
        {
            var r = users[u.Id];
            var trait = Annotations.Find<UserTrait>(r.Annotations)!;
            var fullName = string.Join(' ', new[] { u.FirstName, u.LastName }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
            var expectedName = fullName.Length > 0 ? fullName : u.Username ?? u.PrimaryEmail?.Address ?? u.Id;
            Assert.Equal(expectedName, r.DisplayName);
            Assert.Equal(u.PrimaryEmail?.Address ?? u.Username ?? u.Id, trait.Login);
            Assert.Equal(u.EmailAddresses.Select(e => e.Address).Order(), trait.Emails.Select(e => e.Address).Order());
            Assert.Equal(u.PrimaryEmail?.Address, trait.Emails.SingleOrDefault(e => e.IsPrimary)?.Address);
            var disabled = u.Banned || u.Locked;
            Assert.Equal(disabled ? Status.Types.ResourceStatus.Disabled : Status.Types.ResourceStatus.Enabled, r.Status.Status_);
            Assert.Equal(disabled ? UserTrait.Types.Status.Types.Status.Disabled : UserTrait.Types.Status.Types.Status.Enabled, trait.Status.Status_);
            Assert.Equal(u.TwoFactorEnabled, trait.MfaStatus.MfaEnabled);
            Assert.Equal(u.CreatedAt, r.CreatedAt.ToDateTimeOffset().ToUnixTimeMilliseconds());
            Assert.Equal(u.LastSignInAt, trait.LastLogin?.ToDateTimeOffset().ToUnixTimeMilliseconds());
            Assert.Equal(UserTrait.Types.AccountType.Human, trait.AccountType);
            var bytes = r.ToByteString().ToStringUtf8();
            Assert.DoesNotContain(SimUser.PrivateMarkerPrefix, bytes, StringComparison.Ordinal);
            Assert.DoesNotContain(SimUser.UnsafeMarkerPrefix, bytes, StringComparison.Ordinal);
        }

        var orgs = reader.Resources("organization").ToDictionary(r => r.Id.Resource);
        Assert.Equal(data.Organizations.Select(o => o.Id).Order(), orgs.Keys.Order());
        Assert.All(data.Organizations, o => Assert.Equal(o.Name, orgs[o.Id].DisplayName));
        Assert.Equal(data.Roles.Select(r => r.Id).Order(), reader.Resources("role").Select(r => r.Id.Resource).Order());
        Assert.Equal(data.Permissions.Select(p => p.Id).Order(), reader.Resources("permission").Select(r => r.Id.Resource).Order());

        var expectedEntitlements = data.Organizations.SelectMany(o =>
            new[] { $"organization:{o.Id}:member" }.Concat(data.Roles.Select(r => $"organization:{o.Id}:role:{r.Id}"))).Order().ToList();
        Assert.Equal(expectedEntitlements, reader.Entitlements().Select(e => e.Id).Order());

        var roleIds = data.Roles.ToDictionary(r => r.Key, r => r.Id);
        var expectedGrants = data.Memberships.SelectMany(m =>
            roleIds.TryGetValue(m.Role, out var roleId)
                ? new[] { $"organization:{m.OrganizationId}:member:user:{m.UserId}", $"organization:{m.OrganizationId}:role:{roleId}:user:{m.UserId}" }
                : [$"organization:{m.OrganizationId}:member:user:{m.UserId}"]).Order().ToList();
        var grants = reader.Grants();
        Assert.Equal(expectedGrants, grants.Select(g => g.Id).Order());
        Assert.Contains(data.Memberships, m => !roleIds.ContainsKey(m.Role));
        var sample = reader.ResolveGrant(expectedGrants[0])!;
        Assert.NotNull(sample.Entitlement);
        Assert.NotNull(sample.Principal);
    }
}
