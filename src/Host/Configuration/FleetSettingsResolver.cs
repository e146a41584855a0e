using BatonClerk.Engine.Fleet;
using BatonClerk.Engine.Service;
using BatonClerk.Host.Configuration.Settings;
using S = BatonClerk.Host.Configuration.Settings.SettingCatalog;

namespace BatonClerk.Host.Configuration;

/// <summary>Fleet mode's settings: the fleet file read and validated whole, and this node's cluster settings.</summary>
internal static class FleetSettingsResolver
{
    /// <summary>Null without --fleet-config; problems go to <paramref name="errors"/>, each naming its setting.</summary>
    public static FleetSettings? Resolve(SettingValues values, List<string> errors)
    {
        var path = values.Text(S.FleetConfig);
        if (string.IsNullOrEmpty(path))
        {
            foreach (var clusterOnly in new[] { S.ClusterSeedNodes, S.ClusterContactPoints })
            {
                if (values.Given(clusterOnly) is { } given && values.List(clusterOnly).Count > 0)
                {
                    errors.Add($"{given.Source} needs --fleet-config");
                }
            }

            if (values.Given(S.ClusterDiscovery) is { } discovery && !string.IsNullOrEmpty(values.Text(S.ClusterDiscovery)))
            {
                errors.Add($"{discovery.Source} needs --fleet-config");
            }

            return null;
        }

        var source = values.Given(S.FleetConfig)!.Source;
        var before = errors.Count;
        if (!string.IsNullOrEmpty(values.Text(S.ClientId)))
        {
            errors.Add($"{source} and --client-id exclude each other: a fleet node takes each registration's client id from the fleet file");
        }

        var seeds = values.List(S.ClusterSeedNodes).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        foreach (var seed in seeds)
        {
            if (FleetNodeOptions.SeedProblem(seed) is { } problem)
            {
                errors.Add($"{values.Given(S.ClusterSeedNodes)!.Source}: {problem}");
            }
        }

        var bootstrap = ResolveBootstrap(values, seeds, errors);
        FleetConfig? config = null;
        try
        {
            config = FleetConfig.LoadFile(path);
        }
        catch (FleetConfigException e)
        {
            errors.AddRange(e.Problems.Select(p => $"{source}: {p}"));
        }

        // The options every registration starts from; each gets its own client id and secret from the file.
        var resolved = new[] { S.C1ApiHost, S.HostId, S.C1zTempDir }
            .ToDictionary(s => s.EnvironmentVariable, s => values.Text(s), StringComparer.Ordinal);
        resolved[S.TaskConcurrency.EnvironmentVariable] = values.Integer(S.TaskConcurrency)?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var template = ServiceOptions.FromEnvironment(name => resolved.GetValueOrDefault(name));
        if (errors.Count > before || config is null)
        {
            return null;
        }

        var node = new FleetNodeOptions
        {
            HostName = values.Text(S.ClusterHostname)!,
            Port = (int)values.Integer(S.ClusterPort)!.Value,
            SeedNodes = seeds,
            Bootstrap = bootstrap,
            MinimumMembers = (int)values.Integer(S.ClusterMinMembers)!.Value,
        };
        return new FleetSettings(config, node, template);
    }

    /// <summary>Cluster bootstrap's options when --cluster-discovery is given; null (and problems in <paramref name="errors"/>) otherwise.</summary>
    private static FleetBootstrapOptions? ResolveBootstrap(SettingValues values, List<string> seeds, List<string> errors)
    {
        var contactPoints = values.List(S.ClusterContactPoints).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        var method = values.Text(S.ClusterDiscovery);
        if (string.IsNullOrEmpty(method))
        {
            if (contactPoints.Count > 0)
            {
                errors.Add($"{values.Given(S.ClusterContactPoints)!.Source} needs --cluster-discovery config");
            }

            return null;
        }

        var source = values.Given(S.ClusterDiscovery)!.Source;
        if (seeds.Count > 0)
        {
            errors.Add($"{source} and {values.Given(S.ClusterSeedNodes)!.Source} exclude each other: a fleet forms through seed nodes or through bootstrap");
            return null;
        }

        var badContactPoints = contactPoints.Select(FleetNodeOptions.SeedProblem).OfType<string>().ToList();
        foreach (var bad in badContactPoints)
        {
            errors.Add($"{values.Given(S.ClusterContactPoints)!.Source}: {bad}");
        }

        if (badContactPoints.Count > 0)
        {
            return null;
        }

        var options = new FleetBootstrapOptions
        {
            Discovery = method == "kubernetes" ? FleetDiscovery.Kubernetes : FleetDiscovery.Config,
            ManagementPort = (int)values.Integer(S.ClusterManagementPort)!.Value,
            ContactPoints = contactPoints,
            ServiceName = values.Text(S.ClusterServiceName)!,
        };
        if (options.Problem() is { } problem)
        {
            errors.Add($"{source}: {problem}");
            return null;
        }

        return options;
    }
}
