using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Events;

namespace BatonClerk.Host.Telemetry;

/// <summary>Forwards the CLI's Serilog events to the OpenTelemetry logger, which exports them over OTLP.</summary>
internal sealed class OtelLogSink(Microsoft.Extensions.Logging.ILogger target) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        var level = logEvent.Level switch
        {
            LogEventLevel.Verbose => LogLevel.Trace,
            LogEventLevel.Debug => LogLevel.Debug,
            LogEventLevel.Information => LogLevel.Information,
            LogEventLevel.Warning => LogLevel.Warning,
            LogEventLevel.Error => LogLevel.Error,
            _ => LogLevel.Critical,
        };
        var message = logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture);
#pragma warning disable CA1848, CA2254 // the template is Serilog's, already rendered; this is a bridge, not a call site
        target.Log(level, logEvent.Exception, message);
#pragma warning restore CA1848, CA2254
    }
}
