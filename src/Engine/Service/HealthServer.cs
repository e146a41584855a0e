using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatonClerk.Engine.Service;

/// <summary>
/// A minimal HTTP health endpoint (no ASP.NET): /health and /live report liveness, /ready reports
/// that ConductorOne accepted the connector. 200 with JSON when healthy, 503 otherwise.
/// </summary>
internal sealed class HealthServer : IAsyncDisposable
{
    private readonly JsonListener _listener;
    private readonly ServiceHealth _health;

    public HealthServer(HealthServerOptions options, ServiceHealth health, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _health = health;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<HealthServer>();
        _listener = new JsonListener(options.ListenerPrefix, (_, path) => Respond(path), ex => logger.LogDebug(ex, "Health client went away"));
    }

    public void Start() => _listener.Start();

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private (HttpStatusCode, string) Respond(string? path) =>
        HealthEndpointPaths.TryParse(path, out var endpoint)
            ? Evaluate(endpoint)
            : (HttpStatusCode.NotFound, """{"status":"not_found"}""");

    private (HttpStatusCode, string) Evaluate(HealthEndpoint endpoint)
    {
        var healthy = endpoint == HealthEndpoint.Ready ? _health.IsReady : _health.IsLive;
        return healthy
            ? (HttpStatusCode.OK, $$"""{"status":"ok","endpoint":"{{endpoint.ToString().ToLowerInvariant()}}"}""")
            : (HttpStatusCode.ServiceUnavailable, $$"""{"status":"unavailable","endpoint":"{{endpoint.ToString().ToLowerInvariant()}}"}""");
    }
}
