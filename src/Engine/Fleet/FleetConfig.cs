using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BatonClerk.Engine.Sync;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BatonClerk.Engine.Fleet;

/// <summary>
/// The fleet file (<c>--fleet-config</c>, BATON_FLEET_CONFIG): <c>connectors:</c>, each a registration with its
/// ConductorOne credentials and its Clerk instance. Validated whole: every problem is collected, each prefixed with its
/// connector's name and key, and none quotes a secret.
/// </summary>
public sealed class FleetConfig
{
    private static readonly string[] KnownKeys =
    [
        "name", "client-id", "client-secret", "secret-key", "clerk-api-url", "requests-per-second", "rate-limit-share",
        "resource-types", "page-size", "parallelism", "c1-api-host",
    ];

    private FleetConfig(IReadOnlyList<FleetConnector> connectors) =>
        Connectors = connectors;

    public IReadOnlyList<FleetConnector> Connectors { get; }

    public FleetConnector? Find(string name) => Connectors.FirstOrDefault(c => c.Name == name);

    public static FleetConfig LoadFile(string path, Func<string, string?>? environment = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FleetConfigException([$"{path} cannot be read ({e.GetType().Name})"]);
        }

        return Parse(text, environment);
    }

    /// <summary>Parses and validates the YAML; secret references are resolved here, on this node.</summary>
    /// <exception cref="FleetConfigException">Any problem, all of them listed.</exception>
    public static FleetConfig Parse(string yaml, Func<string, string?>? environment = null, Func<string, string>? readFile = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        var read = readFile ?? File.ReadAllText;
        var problems = new List<string>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            // The parser's message can quote the offending text; only the position is kept.
            throw new FleetConfigException([$"not valid YAML at line {e.Start.Line}, column {e.Start.Column}"]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("connectors"), out var list))
        {
            throw new FleetConfigException(["the file must be a mapping with a connectors: list"]);
        }

        foreach (var key in root.Children.Keys)
        {
            if (key is YamlScalarNode { Value: not "connectors" } other)
            {
                problems.Add($"unknown top-level key {other.Value}");
            }
        }

        if (list is not YamlSequenceNode { Children.Count: > 0 } sequence)
        {
            throw new FleetConfigException([.. problems, "connectors: must be a non-empty list"]);
        }

        var connectors = new List<FleetConnector>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (ParseConnector(sequence.Children[i], i, env, read, problems) is { } connector)
            {
                connectors.Add(connector);
            }
        }

        foreach (var duplicate in connectors.GroupBy(c => c.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"connector {duplicate.Key}: name: used by {duplicate.Count()} connectors");
        }

        // One key is one Clerk budget: registrations sharing it must agree on it, since they share one gate.
        foreach (var key in connectors.GroupBy(c => c.KeyFingerprint, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var budgets = key.Select(c => RateBudgetOf(c.Sync)).Distinct().Count();
            if (budgets > 1)
            {
                problems.Add($"connectors {string.Join(", ", key.Select(c => c.Name))}: secret-key: shared, so requests-per-second and rate-limit-share must be equal");
            }
        }

        return problems.Count == 0 ? new FleetConfig(connectors) : throw new FleetConfigException(problems);
    }

    /// <summary>The digest naming a key's shard and gate: the first 16 hex digits of its SHA-256.</summary>
    public static string Fingerprint(string secretKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secretKey)))[..16];

    private static (double, double?) RateBudgetOf(ClerkSyncOptions o) => (o.RateLimitShare, o.RequestsPerSecond);

    private static FleetConnector? ParseConnector(YamlNode node, int index, Func<string, string?> env, Func<string, string> read, List<string> problems)
    {
        if (node is not YamlMappingNode map)
        {
            problems.Add($"connector #{index + 1}: must be a mapping");
            return null;
        }

        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            values[((YamlScalarNode)k).Value ?? string.Empty] = v;
        }

        var name = Scalar(values, "name");
        var label = string.IsNullOrWhiteSpace(name) ? $"connector #{index + 1}" : $"connector {name}";
        var before = problems.Count;
        void Problem(string key, string text) => problems.Add($"{label}: {key}: {text}");

        if (string.IsNullOrWhiteSpace(name))
        {
            Problem("name", "is required");
        }
        else if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            Problem("name", "may hold only letters, digits, '-', '_' and '.'");
        }

        foreach (var unknown in values.Keys.Where(k => !KnownKeys.Contains(k, StringComparer.Ordinal)))
        {
            problems.Add($"{label}: unknown key {unknown}");
        }

        string? Secret(string key)
        {
            var raw = Scalar(values, key);
            if (string.IsNullOrEmpty(raw))
            {
                Problem(key, "is required");
                return null;
            }

            var resolved = SecretReference.Resolve(raw, env, read, out var why);
            if (why is not null)
            {
                Problem(key, why);
            }

            return resolved;
        }

        var clientId = Secret("client-id");
        var clientSecret = Secret("client-secret");
        var secretKey = Secret("secret-key");
        if (secretKey is not null && !ClerkSyncOptions.IsSecretKey(secretKey))
        {
            Problem("secret-key", "is not a Clerk secret key (sk_live_… or sk_test_…)");
            secretKey = null;
        }

        var sync = new ClerkSyncOptions { SecretKey = secretKey ?? "sk_test_invalid" };
        if (Scalar(values, "clerk-api-url") is { Length: > 0 } url)
        {
            sync.ApiUrl = url;
        }

        if (Number(values, "requests-per-second", Problem) is { } rps)
        {
            sync.RequestsPerSecond = rps;
        }

        if (Number(values, "rate-limit-share", Problem) is { } share)
        {
            sync.RateLimitShare = share;
        }

        if (Number(values, "page-size", Problem) is { } pageSize)
        {
            sync.PageSize = (int)pageSize;
        }

        if (Number(values, "parallelism", Problem) is { } parallelism)
        {
            sync.Parallelism = (int)parallelism;
        }

        if (values.TryGetValue("resource-types", out var types))
        {
            if (types is YamlSequenceNode seq && seq.Children.All(t => t is YamlScalarNode))
            {
                sync.ResourceTypes = [.. seq.Children.Select(t => ((YamlScalarNode)t).Value ?? string.Empty)];
            }
            else
            {
                Problem("resource-types", "must be a list of resource type ids");
            }
        }

        // The engine's own checks, each message already starting with its setting's name.
        if (secretKey is not null && !sync.TryValidateEngineSettings(out _, out var engineProblems))
        {
            foreach (var p in engineProblems)
            {
                problems.Add($"{label}: {p}");
            }
        }

        if (problems.Count > before)
        {
            return null;
        }

        return new FleetConnector
        {
            Name = name!,
            ClientId = clientId!,
            ClientSecret = clientSecret!,
            Sync = sync,
            C1ApiHost = Scalar(values, "c1-api-host") is { Length: > 0 } c1 ? c1 : null,
            KeyFingerprint = Fingerprint(secretKey!),
        };
    }

    private static string? Scalar(Dictionary<string, YamlNode> values, string key) =>
        values.TryGetValue(key, out var node) && node is YamlScalarNode scalar ? scalar.Value?.Trim() : null;

    private static double? Number(Dictionary<string, YamlNode> values, string key, Action<string, string> problem)
    {
        if (!values.TryGetValue(key, out var node))
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problem(key, "must be a number");
        return null;
    }
}
