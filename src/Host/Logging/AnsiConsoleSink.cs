using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BatonClerk.Host.Logging;

/// <summary>
/// Writes log records through the Spectre console that may be running the live progress region. Spectre moves
/// the cursor back to the region's first line before the record and redraws the region below it; each record
/// line first erases the line it lands on, so no part of the region is left beside it.
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
            console.Write(new ErasedLines(new Text(text.ToString().TrimEnd('\r', '\n'), style)));
        }
    }

    /// <summary>Each line of the child preceded by "erase line" (a no-op without ANSI) and ended by a line break.</summary>
    private sealed class ErasedLines(IRenderable child) : Renderable
    {
        private const string EraseLine = "\u001b[2K";

        protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
        {
            foreach (var line in Segment.SplitLines(child.Render(options, maxWidth)))
            {
                if (options.Ansi)
                {
                    yield return Segment.Control(EraseLine);
                }

                foreach (var segment in line)
                {
                    yield return segment;
                }

                yield return Segment.LineBreak;
            }
        }
    }
}
