using System.CommandLine;
using System.CommandLine.Parsing;

namespace BatonClerk.Host.Configuration.Settings;

/// <summary>The command-line options of every setting that has a flag, made from the declarations.</summary>
public sealed class SettingOptions
{
    private readonly Dictionary<Setting, Option> _options = [];

    public SettingOptions()
    {
        foreach (var setting in SettingCatalog.All.Where(s => !s.EnvironmentOnly))
        {
            _options[setting] = Create(setting);
        }
    }

    public IEnumerable<Option> All => _options.Values;

    /// <summary>The value given on the command line, or null when the flag was not given.</summary>
    public RawValue? Get(ParseResult parse, Setting setting)
    {
        if (!_options.TryGetValue(setting, out var option) || parse.GetResult(option) is not OptionResult { Implicit: false } result)
        {
            return null;
        }

        var items = result.Tokens.Select(t => t.Value).ToList();
        if (items.Count == 0)
        {
            // A bare boolean flag means true, as in pflag.
            items.Add("true");
        }

        return new RawValue(setting.Kind == SettingKind.List ? items : [items[^1]], SettingOrigin.Flag, setting.Flag);
    }

    private static Option Create(Setting setting)
    {
        var aliases = new List<string>();
        if (setting.ShortFlag is { } shortFlag)
        {
            aliases.Add(shortFlag);
        }

        aliases.AddRange(setting.FlagAliases);
        Option option = setting.Kind == SettingKind.List
            ? new Option<string[]>(setting.Flag, [.. aliases]) { AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.OneOrMore }
            : new Option<string>(setting.Flag, [.. aliases]) { Arity = setting.Kind == SettingKind.Boolean ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne };
        option.Description = HelpText(setting);
        option.HelpName = setting.Kind switch
        {
            SettingKind.Boolean => "true|false",
            SettingKind.Integer => "int",
            SettingKind.Number => "number",
            SettingKind.List => "a,b,...",
            _ => setting.Allowed is { } allowed ? string.Join("|", allowed.Where(a => a.Length > 0)) : "text",
        };
        option.Hidden = setting.Hidden;
        return option;
    }

    /// <summary>One help line: what it does, its default or range, and its variable.</summary>
    public static string HelpText(Setting setting)
    {
        var parts = new List<string>();
        if (setting.Required)
        {
            parts.Add("required");
        }

        if (setting.DefaultNote is { } note)
        {
            parts.Add("default " + note);
        }
        else if (!string.IsNullOrEmpty(setting.Default))
        {
            parts.Add("default " + setting.Default);
        }

        if (setting.Kind == SettingKind.Integer && (setting.Min is not null || setting.Max is not null))
        {
            parts.Add(SettingParser.RangeText(setting));
        }

        if (setting.Support != SettingSupport.Honoured)
        {
            parts.Add((setting.Support == SettingSupport.Ignored ? "ignored: " : "not supported: ") + setting.Reason);
        }

        parts.Add(setting.EnvironmentVariable);
        return $"{setting.Description} ({string.Join("; ", parts)})";
    }
}
