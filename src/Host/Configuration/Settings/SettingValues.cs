using System.CommandLine;

namespace BatonClerk.Host.Configuration.Settings;

/// <summary>
/// Every setting resolved as baton-sdk (viper) does — flag, then environment, then the configuration file, then the
/// HOCON tunables, then the declared default — and parsed by its declaration. Values that fail to parse are
/// reported in the error list and read as their default, so the rest can still be checked in the same pass.
/// </summary>
public sealed class SettingValues
{
    private readonly Dictionary<Setting, (RawValue? Raw, object? Value)> _values = [];

    private SettingValues()
    {
    }

    public static SettingValues Resolve(
        ParseResult? parse, SettingOptions? options, Func<string, string?> environment, ConfigFile file, HoconSettings hocon, List<string> errors)
    {
        var values = new SettingValues();
        foreach (var setting in SettingCatalog.All)
        {
            var raw = (parse is null || options is null ? null : options.Get(parse, setting))
                ?? FromEnvironment(setting, environment)
                ?? file.Get(setting)
                ?? (setting.Hocon ? hocon.Get(setting) : null);
            object? value = null;
            if (raw is not null)
            {
                value = SettingParser.Parse(setting, raw, out var error);
                if (error is not null)
                {
                    errors.Add(error);
                    raw = null;
                }
            }

            if (raw is null && setting.Default is { } fallback)
            {
                value = SettingParser.Parse(setting, RawValue.Single(fallback, SettingOrigin.Default, "default of " + setting.Flag), out _);
            }

            values._values[setting] = (raw, value);
        }

        return values;
    }

    /// <summary>The raw value that was given, or null when the setting has its default.</summary>
    public RawValue? Given(Setting setting) => _values[setting].Raw;

    public string? Text(Setting setting) => _values[setting].Value as string;

    public long? Integer(Setting setting) => _values[setting].Value as long?;

    public double? Number(Setting setting) => _values[setting].Value as double?;

    public bool Flag(Setting setting) => _values[setting].Value is true;

    public IReadOnlyList<string> List(Setting setting) => _values[setting].Value as IReadOnlyList<string> ?? [];

    /// <summary>Whether a given value asks for something: a true flag, a non-empty text or list.</summary>
    public bool Asks(Setting setting) => Given(setting) is not null && _values[setting].Value switch
    {
        bool b => b,
        string s => s.Length > 0,
        IReadOnlyList<string> l => l.Count > 0,
        null => false,
        _ => true,
    };

    private static RawValue? FromEnvironment(Setting setting, Func<string, string?> environment) =>
        environment(setting.EnvironmentVariable) is { Length: > 0 } text
            ? RawValue.Single(text, SettingOrigin.Environment, setting.EnvironmentVariable)
            : null;
}
