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

    public Option<bool> Provisioning { get; } = new("--provisioning", "-p") { Description = "Allow grants and revokes to write Clerk organization memberships (default off: read-only)" };

    public Option<string> GrantEntitlement { get; } = new("--grant-entitlement") { Description = "One-shot: grant this entitlement id (read from --file) to --grant-principal, then exit" };

    public Option<string> GrantPrincipal { get; } = new("--grant-principal") { Description = "One-shot: the principal (resource id, read from --file) to grant --grant-entitlement to" };

    public Option<string> GrantPrincipalType { get; } = new("--grant-principal-type") { Description = "One-shot: the resource type of --grant-principal (user)" };

    public Option<string> RevokeGrant { get; } = new("--revoke-grant") { Description = "One-shot: revoke this grant id (read from --file), then exit" };

    public Option<string> DefaultRoleKey { get; } = new("--default-role-key") { Description = "Role key a new member gets (default: the organization's role set default, else org:member)" };

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

    public IEnumerable<Option> All =>
    [
        SecretKey, File, ClerkApiUrl, SyncResourceTypes, RateLimitShare, RequestsPerSecond, MembershipStrategyOption,
        Parallelism, LogLevel, LogFormat, ClientId, ClientSecret, HealthCheck, HealthCheckPort,
        AttemptTimeoutSeconds, MaxRetryAttempts, PageSize, UsersCursorThreshold, UserPartitions,
        Provisioning, GrantEntitlement, GrantPrincipal, GrantPrincipalType, RevokeGrant, DefaultRoleKey,
    ];
}
