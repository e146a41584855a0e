using Akka.Configuration;

namespace BatonClerk.Host.Configuration.Settings;

/// <summary>
/// Engine tunables set in config/akka.hocon under <c>baton-clerk.sync</c>, shipped beside the executable. The file
/// holds only overrides: the defaults are the declarations'.
/// </summary>
public sealed class HoconSettings
{
    private readonly Dictionary<string, RawValue> _values;

    private HoconSettings(Config? config, Dictionary<string, RawValue> values)
    {
        Config = config;
        _values = values;
    }

    /// <summary>The whole file (Akka settings too), or null when there is none.</summary>
    public Config? Config { get; }

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "config", "akka.hocon");

    public RawValue? Get(Setting setting) => _values.GetValueOrDefault(setting.Name);

    public static HoconSettings Load(string path, List<string> errors)
    {
        if (!File.Exists(path))
        {
            return new HoconSettings(null, []);
        }

        Config config;
        try
        {
            config = ConfigurationFactory.ParseString(File.ReadAllText(path));
        }
        catch (Exception e)
        {
            errors.Add($"cannot read {path}: {e.Message.ReplaceLineEndings(" ").Split("  ")[0].Trim()}");
            return new HoconSettings(null, []);
        }

        var values = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        var sync = config.GetConfig("baton-clerk.sync");
        if (sync is null || sync.IsEmpty)
        {
            return new HoconSettings(config, values);
        }

        foreach (var (key, _) in sync.AsEnumerable())
        {
            var source = $"{path}: baton-clerk.sync.{key}";
            var setting = SettingCatalog.Find(key);
            if (setting is not { Hocon: true })
            {
                errors.Add($"{source} is not an engine tunable (those are: {string.Join(", ", SettingCatalog.All.Where(s => s.Hocon).Select(s => s.Name))})");
                continue;
            }

            values[key] = RawValue.Single(sync.GetString(key) ?? "", SettingOrigin.Hocon, source);
        }

        return new HoconSettings(config, values);
    }
}
