namespace BatonClerk.Host.Configuration.Settings;

/// <summary>The type of a setting's value; every source (flag, environment, file, HOCON) is parsed by it.</summary>
public enum SettingKind
{
    Text,
    Integer,
    Number,
    Boolean,
    List,
}

/// <summary>What this connector does with a setting baton-sdk declares (or that it declares itself).</summary>
public enum SettingSupport
{
    /// <summary>The connector's own setting, or baton-sdk's with the SDK's meaning.</summary>
    Honoured,

    /// <summary>Parsed and validated like any other, then one warning says it changes nothing here.</summary>
    Ignored,

    /// <summary>Asks for something this connector cannot do; giving it is a usage error that says so.</summary>
    Refused,
}

/// <summary>Where <c>config</c> lists a setting (baton-sdk's export target): nowhere, the UI, or ops.</summary>
public enum SettingExport
{
    None,
    Gui,
    Ops,
}

/// <summary>
/// One setting, declared once. Its flag, <c>BATON_*</c> variable, <c>.baton.yaml</c> key, HOCON key, help line,
/// <c>config</c> entry and validation all come from this record.
/// </summary>
public sealed record Setting(string Name, SettingKind Kind, string Description)
{
    public string? ShortFlag { get; init; }

    /// <summary>Older spellings of the flag that still parse (never listed in help or config).</summary>
    public IReadOnlyList<string> FlagAliases { get; init; } = [];

    /// <summary>Raw default, parsed like any input; null: unset.</summary>
    public string? Default { get; init; }

    /// <summary>Shown in help instead of <see cref="Default"/> when the default depends on the environment.</summary>
    public string? DefaultNote { get; init; }

    public long? Min { get; init; }

    public long? Max { get; init; }

    /// <summary>The only values a text setting accepts (compared case-insensitively); null: any.</summary>
    public IReadOnlyList<string>? Allowed { get; init; }

    public bool Secret { get; init; }

    public bool Required { get; init; }

    public bool Hidden { get; init; }

    /// <summary>Read only from the environment: no flag and no file key (deployment plumbing, not a connector field).</summary>
    public bool EnvironmentOnly { get; init; }

    /// <summary>Also read from <c>baton-clerk.sync.&lt;name&gt;</c> in config/akka.hocon (engine tunables).</summary>
    public bool Hocon { get; init; }

    public string? DisplayName { get; init; }

    public SettingExport Export { get; init; } = SettingExport.None;

    /// <summary>True for the settings baton-sdk v0.25.0 declares for every connector.</summary>
    public bool FromSdk { get; init; }

    public SettingSupport Support { get; init; } = SettingSupport.Honoured;

    /// <summary>Why an ignored or refused setting is not honoured; ends the warning or the error.</summary>
    public string? Reason { get; init; }

    public string Flag => "--" + Name;

    public string EnvironmentVariable => "BATON_" + Name.Replace('-', '_').ToUpperInvariant();

    public string HoconPath => "baton-clerk.sync." + Name;
}
