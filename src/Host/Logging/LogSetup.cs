using BatonClerk.Host.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace BatonClerk.Host.Logging;

/// <summary>
/// Serilog as baton-sdk logs: console text or JSON, to stderr, or instead to the files (and the stderr/stdout
/// streams) that --log-path names.
/// </summary>
public static class LogSetup
{
    public const string Stderr = "stderr";
    public const string Stdout = "stdout";

    /// <param name="export">Also sends every event there (the OpenTelemetry log export), when given.</param>
    /// <param name="console">When given, console-format records to stderr go through it (the live progress view's console).</param>
    public static Logger Create(LogSettings settings, TextWriter? stderr = null, ILogEventSink? export = null, Spectre.Console.IAnsiConsole? console = null)
    {
        var minimum = settings.Level;
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .MinimumLevel.Override("Akka", minimum > LogEventLevel.Warning ? minimum : (minimum == LogEventLevel.Debug ? LogEventLevel.Debug : LogEventLevel.Warning))
            .Enrich.FromLogContext();
        if (export is not null)
        {
            configuration = configuration.WriteTo.Sink(export);
        }

        var formatter = Formatter(settings.Format);
        var paths = settings.Paths.Count > 0 ? settings.Paths : [Stderr];
        foreach (var path in paths.Distinct(StringComparer.Ordinal))
        {
            configuration = path switch
            {
                Stderr => configuration.WriteTo.Sink(console is not null && settings.Format == "console"
                    ? new AnsiConsoleSink(console, formatter)
                    : new TextWriterSink(stderr ?? Console.Error, formatter)),
                Stdout => configuration.WriteTo.Sink(new TextWriterSink(Console.Out, formatter)),
                _ => configuration.WriteTo.File(formatter, path),
            };
        }

        return configuration.CreateLogger();
    }

    /// <summary>Console text when stdout is a terminal, JSON otherwise, as baton-sdk decides.</summary>
    public static string DefaultFormat(bool stdoutIsTerminal) => stdoutIsTerminal ? "console" : "json";

    private static ITextFormatter Formatter(string format) => format == "console"
        ? new MessageTemplateTextFormatter("{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}")
        : new RenderedCompactJsonFormatter();
}
