namespace BatonClerk.Engine.Service;

/// <summary>Probes a running <see cref="HealthServer"/>; used by <c>baton-clerk health-check</c>.</summary>
public sealed class HealthCheckClient
{
    private readonly HealthServerOptions _options;

    public HealthCheckClient(HealthServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>True when the endpoint answered 200 within <paramref name="timeout"/>; never throws for network failures.</summary>
    public async Task<bool> CheckAsync(HealthEndpoint endpoint, TimeSpan timeout, CancellationToken ct = default)
    {
        using var http = new HttpClient { Timeout = timeout };
        var uri = new Uri($"http://{_options.ClientHost}:{_options.Port}{endpoint.Path()}");
        try
        {
            using var response = await http.GetAsync(uri, ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
