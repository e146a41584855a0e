namespace BatonClerk.Host.Telemetry;

/// <summary>Where and what to export over OTLP/gRPC; baton-sdk's --otel-* flags.</summary>
public sealed record TelemetrySettings(
    string? CollectorEndpoint,
    bool TlsInsecure,
    string? TlsCertPem,
    string? TlsCertPath,
    bool TracingDisabled,
    bool LoggingDisabled)
{
    public const string ServiceName = "baton-clerk";

    public static readonly TelemetrySettings Off = new(null, false, null, null, false, false);

    public bool Enabled => CollectorEndpoint is not null;

    /// <summary>What is wrong with the endpoint, or null.</summary>
    public string? Problem()
    {
        try
        {
            _ = Enabled ? CollectorUri() : null;
            return null;
        }
        catch (Configuration.UsageException e)
        {
            return e.Message;
        }
    }

    /// <summary>The collector's URI: host:port as the SDK takes it, http only when TLS is explicitly turned off.</summary>
    public Uri CollectorUri()
    {
        var endpoint = CollectorEndpoint ?? throw new InvalidOperationException("no collector endpoint");
        var scheme = TlsInsecure ? "http" : "https";
        var colon = endpoint.LastIndexOf(':');
        var hasPort = colon > 0 && int.TryParse(endpoint[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535;
        if (!hasPort || !Uri.TryCreate($"{scheme}://{endpoint}", UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || endpoint.Contains('/', StringComparison.Ordinal))
        {
            throw new Configuration.UsageException($"--otel-collector-endpoint must be host:port, got '{endpoint}'");
        }

        return uri;
    }
}
