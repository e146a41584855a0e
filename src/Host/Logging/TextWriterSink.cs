using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace BatonClerk.Host.Logging;

/// <summary>Writes log events to a TextWriter (stderr by default), serialised so lines never interleave.</summary>
internal sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
{
    private readonly object _lock = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_lock)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
