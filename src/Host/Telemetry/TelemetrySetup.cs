using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using BatonClerk.Engine.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BatonClerk.Host.Telemetry;

/// <summary>
/// Exports the engine's traces, metrics and (through <see cref="OtelLogSink"/>) the CLI's logs to an OTLP/gRPC
/// collector with the official OpenTelemetry .NET SDK. Disposing flushes what is buffered.
/// </summary>
internal sealed class TelemetrySetup : IDisposable
{
    private readonly TracerProvider? _tracing;
    private readonly MeterProvider? _metrics;
    private readonly ILoggerFactory? _logs;

    private TelemetrySetup(TracerProvider? tracing, MeterProvider? metrics, ILoggerFactory? logs)
    {
        _tracing = tracing;
        _metrics = metrics;
        _logs = logs;
    }

    /// <summary>Where log records go for export, or null when logs are not exported.</summary>
    public ILogger? LogExport { get; private init; }

    public static TelemetrySetup Start(TelemetrySettings settings)
    {
        if (!settings.Enabled)
        {
            return new TelemetrySetup(null, null, null);
        }

        var uri = settings.CollectorUri();
        var trust = TrustedCollectorCertificates(settings);
        void Exporter(OtlpExporterOptions o)
        {
            o.Endpoint = uri;
            o.Protocol = OtlpExportProtocol.Grpc;
            if (trust is not null)
            {
                o.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
                {
                    SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, cert, _, _) => Validate(cert, trust) },
                });
            }
        }

        var resource = ResourceBuilder.CreateDefault().AddService(TelemetrySettings.ServiceName);
        var tracing = settings.TracingDisabled
            ? null
            : Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(EngineTelemetry.SourceName).AddOtlpExporter(Exporter).Build();
        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(EngineTelemetry.MeterName)
            .AddOtlpExporter((o, reader) =>
            {
                Exporter(o);
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 10_000;
            })
            .Build();
        var logs = settings.LoggingDisabled
            ? null
            : LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddOpenTelemetry(o =>
            {
                o.SetResourceBuilder(resource);
                o.AddOtlpExporter(Exporter);
            }));
        return new TelemetrySetup(tracing, metrics, logs) { LogExport = logs?.CreateLogger("baton-clerk") };
    }

    public void Dispose()
    {
        _tracing?.ForceFlush(5_000);
        _metrics?.ForceFlush(5_000);
        _tracing?.Dispose();
        _metrics?.Dispose();
        _logs?.Dispose();
    }

    private static X509Certificate2Collection? TrustedCollectorCertificates(TelemetrySettings settings)
    {
        if (settings.TlsInsecure || (settings.TlsCertPem is null && settings.TlsCertPath is null))
        {
            return null;
        }

        var pem = settings.TlsCertPem;
        if (pem is null)
        {
            try
            {
                pem = File.ReadAllText(settings.TlsCertPath!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new Configuration.UsageException($"--otel-collector-endpoint-tls-cert-path: cannot read '{settings.TlsCertPath}': {e.Message}");
            }
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw new Configuration.UsageException("--otel-collector-endpoint-tls-cert must be a PEM certificate");
        }

        return certificates.Count > 0 ? certificates : throw new Configuration.UsageException("--otel-collector-endpoint-tls-cert holds no certificate");
    }

    private static bool Validate(X509Certificate? certificate, X509Certificate2Collection trust)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trust);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
