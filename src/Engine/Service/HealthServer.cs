using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatonClerk.Engine.Service;

/// <summary>
/// A minimal HTTP health endpoint (no ASP.NET): /health and /live report liveness, /ready reports
/// that ConductorOne accepted the connector. 200 with JSON when healthy, 503 otherwise.
/// </summary>
internal sealed class HealthServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ServiceHealth _health;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public HealthServer(HealthServerOptions options, ServiceHealth health, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _health = health;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<HealthServer>();
        _listener.Prefixes.Add(options.ListenerPrefix);
    }

    public void Start()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Close();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                Respond(context);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException)
            {
                _logger.LogDebug(ex, "Health client went away");
            }
        }
    }

    private void Respond(HttpListenerContext context)
    {
        var (status, body) = HealthEndpointPaths.TryParse(context.Request.Url?.AbsolutePath, out var endpoint)
            ? Evaluate(endpoint)
            : (HttpStatusCode.NotFound, """{"status":"not_found"}""");
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }

    private (HttpStatusCode, string) Evaluate(HealthEndpoint endpoint)
    {
        var healthy = endpoint == HealthEndpoint.Ready ? _health.IsReady : _health.IsLive;
        return healthy
            ? (HttpStatusCode.OK, $$"""{"status":"ok","endpoint":"{{endpoint.ToString().ToLowerInvariant()}}"}""")
            : (HttpStatusCode.ServiceUnavailable, $$"""{"status":"unavailable","endpoint":"{{endpoint.ToString().ToLowerInvariant()}}"}""");
    }
}
