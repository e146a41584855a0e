using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Spectre.Console;

namespace BatonClerk.Host.Logging;

/// <summary>
/// Writes log records through the Spectre console that may be running the live progress region; Spectre then
/// moves the region below each record instead of letting the two share a line.
/// </summary>
internal sealed class AnsiConsoleSink(IAnsiConsole console, ITextFormatter formatter) : ILogEventSink
{
    private readonly object _lock = new();

    public void Emit(LogEvent logEvent)
    {
        var text = new StringWriter();
        formatter.Format(logEvent, text);
        var style = logEvent.Level switch
        {
            >= LogEventLevel.Error => new Style(Color.Red),
            LogEventLevel.Warning => new Style(Color.Yellow),
            LogEventLevel.Debug or LogEventLevel.Verbose => new Style(decoration: Decoration.Dim),
            _ => Style.Plain,
        };
        lock (_lock)
        {
            console.Write(new Text(text.ToString(), style));
        }
    }
}
