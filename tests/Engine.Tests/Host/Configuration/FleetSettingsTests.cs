using BatonClerk.Engine.Fleet;

namespace BatonClerk.Engine.Tests.Host.Configuration;

/// <summary>Fleet mode's cluster settings as the executable resolves them: seed nodes or bootstrap, never both.</summary>
public sealed class FleetSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("baton-clerk-fleet-settings-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string FleetFile()
    {
        var file = Path.Combine(_dir, "fleet.yaml");
        File.WriteAllText(file, """
            connectors:
              - name: acme
                client-id: acme@tenant.conductor.one/pcc
                client-secret: secret-value
                secret-key: sk_test_fleetsettings
            """);
        return file;
    }

    [Fact]
    public void Build_ConfigDiscoveryWithContactPoints_GivesTheNodeBootstrapOptionsAndNoSeeds()
    {
        var env = new Dictionary<string, string>
        {
            ["BATON_CLUSTER_DISCOVERY"] = "config",
            ["BATON_CLUSTER_CONTACT_POINTS"] = "node1:8558,node2:8558,node3:8558",
            ["BATON_CLUSTER_MANAGEMENT_PORT"] = "8600",
        };

        var settings = Configuration.SettingsHarness.Build(["--fleet-config", FleetFile()], env, _dir);

        var bootstrap = Assert.IsType<FleetBootstrapOptions>(settings.Fleet!.Node.Bootstrap);
        Assert.Equal(FleetDiscovery.Config, bootstrap.Discovery);
        Assert.Equal(["node1:8558", "node2:8558", "node3:8558"], bootstrap.ContactPoints);
        Assert.Equal(8600, bootstrap.ManagementPort);
        Assert.Equal("baton-clerk", bootstrap.ServiceName);
        Assert.Empty(settings.Fleet.Node.SeedNodes);
    }

    [Fact]
    public void Build_KubernetesDiscovery_NeedsNoContactPointsAndTakesTheServiceName()
    {
        var settings = Configuration.SettingsHarness.Build(
            ["--fleet-config", FleetFile(), "--cluster-discovery", "kubernetes", "--cluster-service-name", "clerk-fleet"], directory: _dir);

        var bootstrap = Assert.IsType<FleetBootstrapOptions>(settings.Fleet!.Node.Bootstrap);
        Assert.Equal(FleetDiscovery.Kubernetes, bootstrap.Discovery);
        Assert.Equal("clerk-fleet", bootstrap.ServiceName);
        Assert.Equal(FleetBootstrapOptions.DefaultManagementPort, bootstrap.ManagementPort);
    }

    [Fact]
    public void Build_SeedNodesOnly_HasNoBootstrap()
    {
        var settings = Configuration.SettingsHarness.Build(["--fleet-config", FleetFile(), "--cluster-seed-nodes", "node1:4053"], directory: _dir);

        Assert.Null(settings.Fleet!.Node.Bootstrap);
        Assert.Equal(["node1:4053"], settings.Fleet.Node.SeedNodes);
    }

    [Fact]
    public void Build_DiscoveryAndSeedNodes_ExcludeEachOther()
    {
        var problem = Assert.Single(Configuration.SettingsHarness.Problems(
            ["--fleet-config", FleetFile(), "--cluster-discovery", "config", "--cluster-contact-points", "a:8558", "--cluster-seed-nodes", "a:4053"], directory: _dir));

        Assert.StartsWith("--cluster-discovery and --cluster-seed-nodes exclude each other", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--cluster-discovery", "config" }, "--cluster-discovery: config discovery needs the contact points")]
    [InlineData(new[] { "--cluster-discovery", "kubernetes", "--cluster-contact-points", "a:8558" }, "--cluster-discovery: contact points are for config discovery")]
    [InlineData(new[] { "--cluster-discovery", "config", "--cluster-contact-points", "a" }, "--cluster-contact-points: a is not host:port")]
    [InlineData(new[] { "--cluster-contact-points", "a:8558" }, "--cluster-contact-points needs --cluster-discovery config")]
    [InlineData(new[] { "--cluster-discovery", "dns" }, "--cluster-discovery must be")]
    public void Build_BadBootstrapSettings_OneProblemNamingTheSetting(string[] args, string expected)
    {
        var problem = Assert.Single(Configuration.SettingsHarness.Problems(["--fleet-config", FleetFile(), .. args], directory: _dir));

        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DiscoveryWithoutFleetConfig_NeedsIt()
    {
        var problems = Configuration.SettingsHarness.Problems(
            ["--secret-key", "sk_test_x", "-f", Path.Combine(_dir, "out.c1z"), "--cluster-discovery", "config", "--cluster-contact-points", "a:8558"], directory: _dir);

        Assert.Contains("--cluster-discovery needs --fleet-config", problems);
        Assert.Contains("--cluster-contact-points needs --fleet-config", problems);
    }
}
