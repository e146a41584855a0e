using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace BatonClerk.Host.Logging;

/// <summary>
/// Writes log events to a TextWriter (stderr by default), one whole event per write. A formatter writes an event in
/// many small pieces; other code writes to the same stream too (the closing <c>error:</c> line, test stalls), and
/// Console's writer is only atomic per call, so an event is formatted aside first and handed over in one call.
/// </summary>
internal sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
{
    private readonly object _lock = new();
    private readonly StringWriter _buffer = new(System.Globalization.CultureInfo.InvariantCulture);

    public void Emit(LogEvent logEvent)
    {
        lock (_lock)
        {
            _buffer.GetStringBuilder().Clear();
            formatter.Format(logEvent, _buffer);
            writer.Write(_buffer.ToString());
            writer.Flush();
        }
    }
}
