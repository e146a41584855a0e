using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace BatonClerk.Host.Logging;

/// <summary>Serilog to stderr: console text on a terminal, JSON otherwise, as Baton connectors log.</summary>
public static class LogSetup
{
    /// <param name="console">When given, console-format records go through it (the live progress view's console).</param>
    public static Logger Create(string level, string format, TextWriter? output = null, Spectre.Console.IAnsiConsole? console = null)
    {
        var minimum = level.ToLowerInvariant() switch
        {
            "debug" => LogEventLevel.Debug,
            "info" => LogEventLevel.Information,
            "warn" => LogEventLevel.Warning,
            "error" => LogEventLevel.Error,
            _ => throw new Configuration.UsageException($"--log-level must be debug, info, warn or error, got '{level}'"),
        };
        var writer = output ?? Console.Error;
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .MinimumLevel.Override("Akka", minimum > LogEventLevel.Warning ? minimum : (minimum == LogEventLevel.Debug ? LogEventLevel.Debug : LogEventLevel.Warning))
            .Enrich.FromLogContext();
        var text = new MessageTemplateTextFormatter("{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}");
        return format.ToLowerInvariant() switch
        {
            "console" => configuration.WriteTo.Sink(console is null ? new TextWriterSink(writer, text) : new AnsiConsoleSink(console, text)).CreateLogger(),
            "json" => configuration.WriteTo.Sink(new TextWriterSink(writer, new RenderedCompactJsonFormatter())).CreateLogger(),
            _ => throw new Configuration.UsageException($"--log-format must be console or json, got '{format}'"),
        };
    }

    public static string DefaultFormat(bool isTerminal) => isTerminal ? "console" : "json";
}
