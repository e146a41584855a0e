using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BatonClerk.Host.Configuration.Settings;

/// <summary>
/// The YAML configuration file, as baton-sdk reads it: <c>.baton.yaml</c> in the working directory, or the file
/// named by <c>BATON_CONFIG_PATH</c> (which must end in .yaml or .yml); keys are flag names.
/// </summary>
public sealed class ConfigFile
{
    public const string PathVariable = "BATON_CONFIG_PATH";
    public const string DefaultName = ".baton.yaml";

    private readonly Dictionary<string, RawValue> _values;

    private ConfigFile(string? path, Dictionary<string, RawValue> values)
    {
        Path = path;
        _values = values;
    }

    /// <summary>The file read, or null when there was none.</summary>
    public string? Path { get; }

    public static ConfigFile Empty { get; } = new(null, []);

    public RawValue? Get(Setting setting) => _values.GetValueOrDefault(setting.Name);

    /// <summary>Reads the file; a missing default file is no file, every other problem is added to <paramref name="errors"/>.</summary>
    public static ConfigFile Load(Func<string, string?> environment, string workingDirectory, List<string> errors)
    {
        var named = environment(PathVariable);
        string path;
        if (!string.IsNullOrEmpty(named))
        {
            var extension = System.IO.Path.GetExtension(named);
            if (extension is not (".yaml" or ".yml"))
            {
                errors.Add($"{PathVariable} '{named}' must name a .yaml or .yml file");
                return Empty;
            }

            path = System.IO.Path.GetFullPath(named, workingDirectory);
            if (!System.IO.File.Exists(path))
            {
                // baton-sdk silently runs without it; a file someone named but that is not there is more likely a typo.
                errors.Add($"{PathVariable}: the configuration file '{named}' does not exist");
                return Empty;
            }
        }
        else
        {
            path = System.IO.Path.Combine(workingDirectory, DefaultName);
            if (!System.IO.File.Exists(path))
            {
                return Empty;
            }
        }

        YamlStream yaml;
        try
        {
            using var reader = System.IO.File.OpenText(path);
            yaml = new YamlStream();
            yaml.Load(reader);
        }
        catch (Exception e) when (e is YamlException or IOException or UnauthorizedAccessException)
        {
            var where = e is YamlException y ? $" (line {y.Start.Line})" : "";
            errors.Add($"{path}: cannot read the configuration file{where}: {OneLine(e is YamlException ye ? ye.InnerException?.Message ?? ye.Message : e.Message)}");
            return Empty;
        }

        var values = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new ConfigFile(path, values);
        }

        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add($"{path}: the configuration file must be a mapping of flag names to values");
            return Empty;
        }

        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var source = $"{path}: key '{key}'";
            var setting = SettingCatalog.Find(key);
            if (setting is null || setting.EnvironmentOnly)
            {
                errors.Add($"{source}: no such setting (keys are flag names without the leading --)");
                continue;
            }

            switch (valueNode)
            {
                case YamlScalarNode { Value: null or "", Style: ScalarStyle.Plain }:
                    // "key:" with nothing after it sets nothing, as in viper.
                    break;
                case YamlScalarNode scalar:
                    values[key] = RawValue.Single(scalar.Value ?? "", SettingOrigin.File, source);
                    break;
                case YamlSequenceNode sequence when setting.Kind == SettingKind.List && sequence.Children.All(c => c is YamlScalarNode):
                    values[key] = new RawValue([.. sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "")], SettingOrigin.File, source);
                    break;
                default:
                    errors.Add(setting.Kind == SettingKind.List
                        ? $"{source}: must be a text or a list of texts"
                        : $"{source}: must be a single value");
                    break;
            }
        }

        return new ConfigFile(path, values);
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
