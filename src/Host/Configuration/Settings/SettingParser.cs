using System.Globalization;

namespace BatonClerk.Host.Configuration.Settings;

/// <summary>Parses a raw value by its setting's declared kind and range; the same rules for every source.</summary>
public static class SettingParser
{
    /// <summary>The parsed value (string, long, double, bool or string list), or an error naming the source.</summary>
    public static object? Parse(Setting setting, RawValue raw, out string? error)
    {
        error = null;
        var shown = setting.Secret ? "" : $", got '{raw.Text}'";
        switch (setting.Kind)
        {
            case SettingKind.List:
                return raw.Items
                    .SelectMany(i => i.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    .ToList();

            case SettingKind.Boolean:
                if (TryParseBool(raw.Text.Trim(), out var flag))
                {
                    return flag;
                }

                error = $"{raw.Source} must be true or false{shown}";
                return null;

            case SettingKind.Integer:
                if (!long.TryParse(raw.Text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    || number < (setting.Min ?? long.MinValue) || number > (setting.Max ?? long.MaxValue))
                {
                    error = $"{raw.Source} must be {RangeText(setting)}{shown}";
                    return null;
                }

                return number;

            case SettingKind.Number:
                if (double.TryParse(raw.Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
                {
                    return real;
                }

                error = $"{raw.Source} must be a number{shown}";
                return null;

            default:
                if (setting.Allowed is null)
                {
                    return raw.Text;
                }

                var match = setting.Allowed.FirstOrDefault(a => string.Equals(a, raw.Text.Trim(), StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    error = $"{raw.Source} must be {string.Join(", ", setting.Allowed.Where(a => a.Length > 0))}{shown}";
                }

                return match;
        }
    }

    public static string RangeText(Setting setting) => (setting.Min, setting.Max) switch
    {
        ({ } min, { } max) when max != long.MaxValue => $"a whole number between {min} and {max}",
        ({ } min, _) => $"a whole number of at least {min}",
        (_, { } max) => $"a whole number of at most {max}",
        _ => "a whole number",
    };

    /// <summary>The spellings Go's strconv.ParseBool accepts, as baton-sdk's flags, environment and file do.</summary>
    internal static bool TryParseBool(string text, out bool value)
    {
        switch (text)
        {
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
