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
            foreach (var clusterOnly in new[] { S.ClusterSeedNodes })
            {
                if (values.Given(clusterOnly) is { } given && values.List(clusterOnly).Count > 0)
                {
                    errors.Add($"{given.Source} needs --fleet-config");
                }
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
            MinimumMembers = (int)values.Integer(S.ClusterMinMembers)!.Value,
        };
        return new FleetSettings(config, node, template);
    }
}
