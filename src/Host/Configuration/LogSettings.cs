using System.Globalization;
using Serilog.Events;

namespace BatonClerk.Host.Configuration;

/// <summary>Validated logging settings: level, format, and where the lines go (stderr unless --log-path says otherwise).</summary>
public sealed record LogSettings(LogEventLevel Level, string Format, IReadOnlyList<string> Paths, string? Note)
{
    /// <summary>baton-sdk's (zap's) level names, case-insensitive; an empty level is info.</summary>
    public static LogEventLevel? ParseLevel(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "info" => LogEventLevel.Information,
        "debug" => LogEventLevel.Debug,
        "warn" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        "dpanic" or "panic" or "fatal" => LogEventLevel.Fatal,
        _ => null,
    };

    public static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
}
