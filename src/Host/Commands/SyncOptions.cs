using System.CommandLine;

namespace BatonClerk.Host.Commands;

/// <summary>The flags of a sync, declared once; each is also read from BATON_&lt;FLAG&gt;.</summary>
public sealed class SyncOptions
{
    public Option<string> SecretKey { get; } = new("--secret-key") { Description = "Clerk secret key, sk_live_… or sk_test_… (required)" };

    public Option<string> File { get; } = new("--file", "-f") { Description = "Output c1z path, written atomically (default sync.c1z)" };

    public Option<string> ClerkApiUrl { get; } = new("--clerk-api-url") { Description = "Clerk Backend API base URL (default https://api.clerk.com/v1; http only for loopback)" };

    public Option<string> SyncResourceTypes { get; } = new("--sync-resource-types") { Description = "Comma-separated subset of user,organization,role,permission (default all)" };

    public Option<string> RateLimitShare { get; } = new("--rate-limit-share") { Description = "Share of Clerk's documented rate limit this connector may use, (0, 1] (default 0.5)" };

    public Option<string> RequestsPerSecond { get; } = new("--requests-per-second") { Description = "Absolute request budget; overrides --rate-limit-share" };

    public Option<string> MembershipStrategyOption { get; } = new("--membership-strategy") { Description = "auto, instance or per-organization (default auto)" };

    public Option<string> Parallelism { get; } = new("--parallelism") { Description = "Requests in flight per endpoint (default from config/akka.hocon)" };

    public Option<string> LogLevel { get; } = new("--log-level") { Description = "debug, info, warn or error (default info)" };

    public Option<string> LogFormat { get; } = new("--log-format") { Description = "console or json (default console on a terminal, else json)" };

    public Option<string> ClientId { get; } = new("--client-id") { Description = "ConductorOne client id: run in service mode" };

    public Option<string> ClientSecret { get; } = new("--client-secret") { Description = "ConductorOne client secret (service mode)" };

    public Option<string> HealthCheck { get; } = new("--health-check") { Description = "Serve /health, /ready and /live in service mode (true/false)" };

    public Option<string> HealthCheckPort { get; } = new("--health-check-port") { Description = "Port of the health endpoints (default 8081, bound to 127.0.0.1)" };

    /// <summary>Hidden, for tests: one HTTP attempt's timeout (default attempt-timeout in config/akka.hocon).</summary>
    public Option<string> AttemptTimeoutSeconds { get; } = new("--attempt-timeout-seconds") { Hidden = true };

    /// <summary>Hidden, for tests: retries after a failed attempt (default max-retry-attempts in config/akka.hocon).</summary>
    public Option<string> MaxRetryAttempts { get; } = new("--max-retry-attempts") { Hidden = true };

    /// <summary>Hidden, for tests: rows per Clerk page (default page-size in config/akka.hocon; Clerk's maximum is 500).</summary>
    public Option<string> PageSize { get; } = new("--page-size") { Hidden = true };

    /// <summary>Hidden, for tests: users above which created_at partitions are walked by cursor.</summary>
    public Option<string> UsersCursorThreshold { get; } = new("--users-cursor-threshold") { Hidden = true };

    /// <summary>Hidden, for tests: created_at partitions of a large user list.</summary>
    public Option<string> UserPartitions { get; } = new("--user-partitions") { Hidden = true };

    public Option<string> OtelCollectorEndpoint { get; } = new("--otel-collector-endpoint") { Description = "OpenTelemetry collector, host:port (OTLP/gRPC); traces, metrics and logs are exported there" };

    public Option<string> OtelCollectorEndpointTlsInsecure { get; } = new("--otel-collector-endpoint-tls-insecure") { Description = "Talk to the collector without TLS", Arity = ArgumentArity.ZeroOrOne };

    public Option<string> OtelCollectorEndpointTlsCert { get; } = new("--otel-collector-endpoint-tls-cert") { Description = "PEM certificate that the collector's TLS certificate must chain to" };

    public Option<string> OtelCollectorEndpointTlsCertPath { get; } = new("--otel-collector-endpoint-tls-cert-path") { Description = "File with that PEM certificate" };

    public Option<string> OtelTracingDisabled { get; } = new("--otel-tracing-disabled") { Description = "Export no traces", Arity = ArgumentArity.ZeroOrOne };

    public Option<string> OtelLoggingDisabled { get; } = new("--otel-logging-disabled") { Description = "Export no logs", Arity = ArgumentArity.ZeroOrOne };

    public IEnumerable<Option> All =>
    [
        SecretKey, File, ClerkApiUrl, SyncResourceTypes, RateLimitShare, RequestsPerSecond, MembershipStrategyOption,
        Parallelism, LogLevel, LogFormat, ClientId, ClientSecret, HealthCheck, HealthCheckPort,
        AttemptTimeoutSeconds, MaxRetryAttempts, PageSize, UsersCursorThreshold, UserPartitions,
        OtelCollectorEndpoint, OtelCollectorEndpointTlsInsecure, OtelCollectorEndpointTlsCert, OtelCollectorEndpointTlsCertPath,
        OtelTracingDisabled, OtelLoggingDisabled,
    ];
}
