using Microsoft.Extensions.Logging;

namespace BatonClerk.Engine.Service;

/// <summary>
/// Wraps the host's logger factory so that service mode's own records also reach the running task's
/// <see cref="TaskDebugLog"/> at debug level, while the host's providers keep filtering at the host's level.
/// </summary>
internal sealed class TaskDebugLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new TeeLogger(inner.CreateLogger(categoryName), categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The host owns the inner factory.
    public void Dispose()
    {
    }

    private sealed class TeeLogger(ILogger inner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) =>
            inner.IsEnabled(logLevel) || (logLevel >= LogLevel.Debug && TaskDebugLog.Current is not null);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            TaskDebugLog.Current?.Write(logLevel, category, formatter(state, exception), exception);
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
