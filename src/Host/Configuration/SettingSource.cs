using System.CommandLine;
using System.Globalization;

namespace BatonClerk.Host.Configuration;

/// <summary>
/// Resolves a setting as Baton connectors do: the flag if given, else BATON_&lt;FLAG&gt; from the environment,
/// else the engine default (from config/akka.hocon where it has one).
/// </summary>
public sealed class SettingSource(ParseResult parse, Func<string, string?> environment)
{
    public static string EnvName(Option option) =>
        "BATON_" + option.Name.TrimStart('-').Replace('-', '_').ToUpperInvariant();

    public string? Raw(Option<string> option)
    {
        var result = parse.GetResult(option);
        if (result is not null && !result.Implicit)
        {
            return parse.GetValue(option);
        }

        var env = environment(EnvName(option));
        return string.IsNullOrEmpty(env) ? null : env;
    }

    public string String(Option<string> option, string fallback) => Raw(option) ?? fallback;

    /// <summary>A switch: given without a value it is on; with one (flag or environment) it is true or false.</summary>
    public bool Switch(Option<string> option)
    {
        var result = parse.GetResult(option);
        var raw = result is not null && !result.Implicit ? parse.GetValue(option) ?? "true" : environment(EnvName(option));
        if (string.IsNullOrEmpty(raw))
        {
            return false;
        }

        return bool.TryParse(raw, out var value) ? value : throw new UsageException($"{option.Name} must be true or false, got '{raw}'");
    }

    public double? Double(Option<string> option) =>
        Raw(option) is { } raw
            ? double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                ? value
                : throw new UsageException($"{option.Name} must be a number, got '{raw}'")
            : null;

    public long? Long(Option<string> option, long min, long max)
    {
        if (Raw(option) is not { } raw)
        {
            return null;
        }

        if (!long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"{option.Name} must be a whole number between {min} and {max}, got '{raw}'");
        }

        return value;
    }
}
