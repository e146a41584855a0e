using Akka.Actor;
using BatonClerk.Engine.Hosting;
using BatonClerk.Engine.Provisioning;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;
using BatonClerk.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BatonClerk.Engine.Tests.Hosting;

/// <summary>IClerkProvisioning in a plain HostBuilder against the simulator: writes only when the host enables them.</summary>
public sealed class EmbeddingProvisioningTests : IDisposable
{
    private readonly ClerkSimulator _sim = ClerkSimulator.Start(new SimulatorOptions
    {
        DatasetOptions = new SimDatasetOptions { Users = 30, Organizations = 2, Seed = 3 },
    });

    public void Dispose() => _sim.Dispose();

    [Fact]
    public async Task GrantAndRevoke_ProvisioningEnabled_ChangeTheMembershipThroughTheHostsGate()
    {
        var (org, user) = NonMember();
        var admin = $"organization:{org}:role:{RoleId("org:admin")}";

        // --- as in README.md ---
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddClerkSync(
                new ClerkSyncOptions { SecretKey = _sim.SecretKey, ApiUrl = _sim.BaseUrl },
                provisioning: new ClerkProvisioningOptions { Enabled = true }))
            .Build();
        await host.StartAsync();
        var clerk = host.Services.GetRequiredService<IClerkProvisioning>();
        var granted = await clerk.GrantAsync($"organization:{org}:member", "user", user);
        // --- end ---

        Assert.Equal(ProvisioningResult.Granted, granted.Result);
        Assert.Equal("org:member", RoleOf(org, user));
        var promoted = await clerk.GrantAsync(admin, "user", user);
        Assert.Equal(ProvisioningResult.RoleChanged, promoted.Result);
        Assert.Equal([$"organization:{org}:role:{RoleId("org:member")}:user:{user}"], promoted.ReplacedGrantIds);
        Assert.Equal("org:admin", RoleOf(org, user));

        var demoted = await clerk.RevokeAsync(admin, "user", user);
        Assert.Equal(("org:admin", "org:member"), (demoted.RoleBefore, demoted.RoleAfter));
        var removed = await clerk.RevokeAsync($"organization:{org}:member", "user", user);
        Assert.Equal(ProvisioningResult.Revoked, removed.Result);
        Assert.Null(RoleOf(org, user));
        var again = await clerk.RevokeAsync($"organization:{org}:member", "user", user);
        Assert.Equal(ProvisioningResult.AlreadyRevoked, again.Result);
        Assert.Equal(4, _sim.RequestLog.CountWrites());
        Assert.Equal(1, GateRegistry.Of(host.Services.GetRequiredService<ActorSystem>()).Count);
        await host.StopAsync();
    }

    [Fact]
    public async Task Grant_DefaultRoleKeyOption_NewMemberGetsThatRole()
    {
        var (org, user) = NonMember();
        using var host = Host(new ClerkProvisioningOptions { Enabled = true, DefaultRoleKey = "org:admin" });
        await host.StartAsync();

        var granted = await host.Services.GetRequiredService<IClerkProvisioning>().GrantAsync($"organization:{org}:member", "user", user);

        Assert.Equal("org:admin", granted.RoleAfter);
        Assert.Equal("org:admin", RoleOf(org, user));
        await host.StopAsync();
    }

    [Fact]
    public async Task GrantAndRevoke_ProvisioningNotEnabled_RefusedWithNoRequest()
    {
        var (org, user) = NonMember();
        var member = _sim.Dataset.MembershipsOf(org)[0];
        using var host = Host(provisioning: null);
        await host.StartAsync();
        var clerk = host.Services.GetRequiredService<IClerkProvisioning>();

        var grant = await Assert.ThrowsAsync<ProvisioningRefusedException>(() => clerk.GrantAsync($"organization:{org}:member", "user", user));
        var revoke = await Assert.ThrowsAsync<ProvisioningRefusedException>(() => clerk.RevokeAsync($"organization:{org}:member", "user", member.UserId));

        Assert.False(clerk.Enabled);
        Assert.Contains("Enabled = true", grant.Message, StringComparison.Ordinal);
        Assert.Equal(grant.Message, revoke.Message);
        Assert.Equal(0, _sim.RequestLog.Count);
        Assert.Null(RoleOf(org, user));
        Assert.NotNull(RoleOf(org, member.UserId));
        await host.StopAsync();
    }

    private IHost Host(ClerkProvisioningOptions? provisioning) => new HostBuilder()
        .ConfigureServices(services => services.AddClerkSync(
            new ClerkSyncOptions { SecretKey = _sim.SecretKey, ApiUrl = _sim.BaseUrl }, provisioning: provisioning))
        .Build();

    private (string Org, string User) NonMember()
    {
        var org = _sim.Dataset.Organizations[0].Id;
        var user = _sim.Dataset.Users.First(u => _sim.Dataset.MembershipsOf(org).All(m => m.UserId != u.Id)).Id;
        return (org, user);
    }

    private string RoleId(string key) => _sim.Dataset.Roles.Single(r => r.Key == key).Id;

    private string? RoleOf(string org, string user) => _sim.Dataset.MembershipsOf(org).SingleOrDefault(m => m.UserId == user)?.Role;
}
