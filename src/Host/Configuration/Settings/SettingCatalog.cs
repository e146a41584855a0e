using System.Globalization;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync;

namespace BatonClerk.Host.Configuration.Settings;

/// <summary>
/// Every setting of the executable, declared once: first baton-sdk v0.25.0's own (in the SDK's order, which is the
/// order of <c>config</c>), then the connector's. Descriptions avoid characters JSON writers escape differently.
/// </summary>
public static class SettingCatalog
{
    private const string SyncOnly = "this connector syncs, grants and revokes organization memberships; it has no other actions";

    // baton-sdk's settings, in its order.
    public static readonly Setting CreateTicket = Operation("create-ticket", SettingKind.Boolean, "Create a ticket (ticketing)");
    public static readonly Setting BulkCreateTicket = Operation("bulk-create-ticket", SettingKind.Boolean, "Create tickets in bulk (ticketing)");
    public static readonly Setting BulkTicketTemplatePath = Operation("bulk-ticket-template-path", SettingKind.Text, "JSON file describing the tickets to create");
    public static readonly Setting GetTicket = Operation("get-ticket", SettingKind.Boolean, "Fetch one ticket (ticketing)");
    public static readonly Setting ListTicketSchemas = Operation("list-ticket-schemas", SettingKind.Boolean, "List ticket schemas (ticketing)");
    public static readonly Setting Provisioning = Sdk("provisioning", SettingKind.Boolean,
        "Allow grants and revokes to write Clerk organization memberships (default off: read-only)") with
    {
        ShortFlag = "-p",
    };
    public static readonly Setting Ticketing = Sdk("ticketing", SettingKind.Boolean, "Enable ticketing support") with
    {
        DisplayName = "Ticketing", Support = SettingSupport.Ignored, Reason = "this connector has no ticketing",
    };
    public static readonly Setting C1zTempDir = Sdk("c1z-temp-dir", SettingKind.Text,
        "Existing writable directory for the working and temporary files of a sync (default: beside the output file; service mode: the system temp directory)") with
    {
        Hidden = true,
    };
    public static readonly Setting ClientId = Sdk("client-id", SettingKind.Text, "ConductorOne client id: run in service mode");
    public static readonly Setting ClientSecret = Sdk("client-secret", SettingKind.Text, "ConductorOne client secret (service mode)") with { Secret = true };
    public static readonly Setting CreateAccountEmail = Operation("create-account-email", SettingKind.Text, "Email of an account to create");
    public static readonly Setting CreateAccountLogin = Operation("create-account-login", SettingKind.Text, "Login of an account to create");
    public static readonly Setting CreateAccountProfile = Operation("create-account-profile", SettingKind.Text, "JSON profile of an account to create");
    public static readonly Setting CreateAccountResourceType = Operation("create-account-resource-type", SettingKind.Text, "Resource type of an account to create");
    public static readonly Setting DeleteResource = Operation("delete-resource", SettingKind.Text, "Resource to delete");
    public static readonly Setting DeleteResourceType = Operation("delete-resource-type", SettingKind.Text, "Resource type of the resource to delete");
    public static readonly Setting EventFeed = Operation("event-feed", SettingKind.Text, "Print feed events to stdout");
    public static readonly Setting EventFeedId = Operation("event-feed-id", SettingKind.Text, "Event feed to read");
    public static readonly Setting EventFeedStartAt = Operation("event-feed-start-at", SettingKind.Text, "Time to read the event feed from");
    public static readonly Setting EventFeedCursor = Operation("event-feed-cursor", SettingKind.Text, "Cursor to resume the event feed from");
    public static readonly Setting File = Sdk("file", SettingKind.Text, "Output c1z path, written atomically") with { ShortFlag = "-f", Default = SyncDefaults.OutputPath };
    public static readonly Setting GrantEntitlement = Sdk("grant-entitlement", SettingKind.Text,
        "One-shot: grant this entitlement id (read from --file) to --grant-principal, then exit (needs -p)") with { Hidden = true };
    public static readonly Setting GrantPrincipal = Sdk("grant-principal", SettingKind.Text,
        "One-shot: the resource id (read from --file) to grant --grant-entitlement to") with { Hidden = true };
    public static readonly Setting GrantPrincipalType = Sdk("grant-principal-type", SettingKind.Text,
        "One-shot: the resource type of --grant-principal (user)") with { Hidden = true };
    public static readonly Setting LogFormat = Sdk("log-format", SettingKind.Text, "Log format: json or console") with
    {
        Allowed = ["json", "console"], DefaultNote = "console when stdout is a terminal, else json",
    };
    public static readonly Setting LogPath = Sdk("log-path", SettingKind.List, "Write logs to these files instead of stderr (stderr and stdout name the streams)");
    public static readonly Setting RevokeGrant = Sdk("revoke-grant", SettingKind.Text,
        "One-shot: revoke this grant id (read from --file), then exit (needs -p)") with { Hidden = true };
    public static readonly Setting RotateCredentials = Operation("rotate-credentials", SettingKind.Text, "Resource whose credentials to rotate");
    public static readonly Setting RotateCredentialsType = Operation("rotate-credentials-type", SettingKind.Text, "Resource type of that resource");
    public static readonly Setting TicketId = Operation("ticket-id", SettingKind.Text, "Ticket to fetch");
    public static readonly Setting TicketTemplatePath = Operation("ticket-template-path", SettingKind.Text, "JSON file describing the ticket to create");
    public static readonly Setting LogLevel = Sdk("log-level", SettingKind.Text, "Log level: debug, info, warn, error, dpanic, panic or fatal") with
    {
        Default = "info", Export = SettingExport.Ops,
    };
    public static readonly Setting LogLevelDebugExpiresAt = Sdk("log-level-debug-expires-at", SettingKind.Text,
        "RFC 3339 time after which a debug log level falls back to info") with
    {
        Export = SettingExport.Ops,
    };
    public static readonly Setting SkipFullSync = Sdk("skip-full-sync", SettingKind.Boolean, "Skip full syncs (service mode)") with
    {
        Support = SettingSupport.Ignored, Reason = "full syncs are the only task this connector runs, so they still run",
    };
    public static readonly Setting SyncResources = Sdk("sync-resources", SettingKind.List,
        "A partial sync of these resources only, as Baton ids such as bid:r:organization/org_123 or bid:r:user/user_123");
    public static readonly Setting SyncResourceTypes = Sdk("sync-resource-types", SettingKind.List,
        "Resource types to sync, a subset of " + string.Join(",", ResourceTypes.AllIds) + " (default all; grants need user and organization)");
    public static readonly Setting SkipEntitlementsAndGrants = Sdk("skip-entitlements-and-grants", SettingKind.Boolean,
        "Sync resources only: no entitlements, no grants, no membership requests");
    public static readonly Setting SkipGrants = Sdk("skip-grants", SettingKind.Boolean, "Skip grants of a targeted sync (needs sync-resources)") with { Hidden = true };
    public static readonly Setting ExternalResourceC1z = Unsupported("external-resource-c1z", SettingKind.Text, "c1z of external resources to merge into the sync", "external resources are not supported");
    public static readonly Setting ExternalResourceEntitlementIdFilter = Unsupported("external-resource-entitlement-id-filter", SettingKind.Text, "Entitlement external principals must hold", "external resources are not supported");
    public static readonly Setting ExternalResourceTraits = Unsupported("external-resource-traits", SettingKind.List, "Traits to match in the external resource c1z", "external resources are not supported");
    public static readonly Setting KeepPreviousSyncC1z = Sdk("keep-previous-sync-c1z", SettingKind.Boolean, "Keep the last uploaded c1z for ETag replay (service mode)") with
    {
        Default = "false", Support = SettingSupport.Ignored, Reason = "this connector does not replay ETags",
    };
    public static readonly Setting DiffSyncs = Operation("diff-syncs", SettingKind.Boolean, "Diff two syncs of a c1z");
    public static readonly Setting BaseSyncId = Operation("base-sync-id", SettingKind.Text, "Base sync of a diff");
    public static readonly Setting AppliedSyncId = Operation("applied-sync-id", SettingKind.Text, "Applied sync of a diff");
    public static readonly Setting CompactSyncIds = Operation("compact-sync-ids", SettingKind.List, "Sync ids to compact");
    public static readonly Setting CompactFilePaths = Operation("compact-file-paths", SettingKind.List, "c1z files to compact");
    public static readonly Setting CompactOutputPath = Operation("compact-output-path", SettingKind.Text, "Directory for compacted output");
    public static readonly Setting CompactSyncs = Operation("compact-syncs", SettingKind.Boolean, "Compact several syncs into one");
    public static readonly Setting InvokeAction = Operation("invoke-action", SettingKind.Text, "Custom action to invoke");
    public static readonly Setting InvokeActionArgs = Operation("invoke-action-args", SettingKind.Text, "JSON arguments of that action");
    public static readonly Setting InvokeActionResourceType = Operation("invoke-action-resource-type", SettingKind.Text, "Resource type of a resource-scoped action");
    public static readonly Setting ListActionSchemas = Operation("list-action-schemas", SettingKind.Boolean, "List action schemas");
    public static readonly Setting ListActionSchemasResourceType = Operation("list-action-schemas-resource-type", SettingKind.Text, "Resource type filter of that list");
    public static readonly Setting ListResourceActions = Operation("list-resource-actions", SettingKind.Text, "Resource type whose actions to list");
    public static readonly Setting InvokeResourceAction = Operation("invoke-resource-action", SettingKind.Text, "Resource action to invoke");
    public static readonly Setting InvokeResourceActionResourceType = Operation("invoke-resource-action-resource-type", SettingKind.Text, "Resource type of that action");
    public static readonly Setting InvokeResourceActionArgs = Operation("invoke-resource-action-args", SettingKind.Text, "JSON arguments of that action");
    public static readonly Setting SessionStoreMaximumSize = Sdk("session-store-maximum-size", SettingKind.Integer, "Bytes of the in-memory session store cache") with
    {
        Default = (15 * 1024 * 1024).ToString(CultureInfo.InvariantCulture), Hidden = true, Export = SettingExport.Ops,
        Support = SettingSupport.Ignored, Reason = "this connector keeps no session store",
    };
    public static readonly Setting Workers = Sdk("workers", SettingKind.Integer, "Sync workers of the SDK syncer (-1 auto, 0 sequential)") with
    {
        Default = "0", Min = -1, Support = SettingSupport.Ignored, Reason = "the engine sizes its own concurrency; see --parallelism",
    };
    public static readonly Setting ParallelSync = Sdk("parallel-sync", SettingKind.Boolean, "Deprecated form of --workers -1") with
    {
        Support = SettingSupport.Ignored, Reason = "the engine always runs its endpoints in parallel",
    };
    public static readonly Setting OtelCollectorEndpoint = Otel("otel-collector-endpoint", SettingKind.Text, "OpenTelemetry collector, host:port: traces, metrics and logs are exported there over OTLP/gRPC");
    public static readonly Setting OtelCollectorEndpointTlsCertPath = Otel("otel-collector-endpoint-tls-cert-path", SettingKind.Text, "File with the PEM CA the collector's TLS certificate must chain to");
    public static readonly Setting OtelCollectorEndpointTlsCert = Otel("otel-collector-endpoint-tls-cert", SettingKind.Text, "PEM CA the collector's TLS certificate must chain to");
    public static readonly Setting OtelCollectorEndpointTlsInsecure = Otel("otel-collector-endpoint-tls-insecure", SettingKind.Boolean, "Talk to the collector without TLS");
    public static readonly Setting OtelTracingDisabled = Otel("otel-tracing-disabled", SettingKind.Boolean, "Export no traces") with { Default = "false" };
    public static readonly Setting OtelLoggingDisabled = Otel("otel-logging-disabled", SettingKind.Boolean, "Export no logs") with { Default = "false" };
    public static readonly Setting AuthMethod = Sdk("auth-method", SettingKind.Text, "Authentication method of connectors that offer several") with
    {
        Support = SettingSupport.Ignored, Reason = "this connector has one authentication method, the secret key",
    };
    public static readonly Setting HealthCheck = Sdk("health-check", SettingKind.Boolean, "Serve /health, /ready and /live in service mode") with
    {
        Default = "false", Export = SettingExport.Ops,
    };
    public static readonly Setting HealthCheckPort = Sdk("health-check-port", SettingKind.Integer, "Port of the health endpoints") with
    {
        Default = "8081", Min = 1, Max = 65535, Export = SettingExport.Ops,
    };
    public static readonly Setting HealthCheckBindAddress = Sdk("health-check-bind-address", SettingKind.Text, "Address the health endpoints bind to") with
    {
        Default = "127.0.0.1", Hidden = true, Export = SettingExport.Ops,
    };
    public static readonly Setting HttpTimeoutSeconds = Sdk("http-timeout-seconds", SettingKind.Integer, "Timeout of one HTTP request to Clerk, in seconds; failed attempts are retried") with
    {
        Default = SyncDefaults.AttemptTimeoutSeconds.ToString(CultureInfo.InvariantCulture), Min = 1, Max = SyncDefaults.MaxAttemptTimeoutSeconds,
        Export = SettingExport.Ops, Hocon = true, FlagAliases = ["--attempt-timeout-seconds"],
    };
    public static readonly Setting StorageEngine = Sdk("storage-engine", SettingKind.Text, "Storage engine of the c1z: sqlite (pebble is accepted and written as sqlite)") with
    {
        Allowed = ["", "sqlite", "pebble"],
    };
    public static readonly Setting TaskConcurrency = Sdk("task-concurrency", SettingKind.Integer, "Tasks run at once in service mode") with
    {
        Default = "3", Min = 1, Max = 100,
    };

    // The connector's own settings.
    public static readonly Setting SecretKey = Own("secret-key", SettingKind.Text, "Clerk secret key, sk_live_... or sk_test_...") with
    {
        DisplayName = "Secret key", Secret = true, Required = true, Export = SettingExport.Gui,
    };
    public static readonly Setting ClerkApiUrl = Own("clerk-api-url", SettingKind.Text, "Clerk Backend API base URL; plain http only for loopback hosts") with
    {
        Default = ClerkClientOptions.DefaultBaseUrl, Export = SettingExport.Ops,
    };
    public static readonly Setting RateLimitShare = Own("rate-limit-share", SettingKind.Number, "Share of the documented Clerk rate limit this connector may use, in (0, 1]") with
    {
        Default = SyncDefaults.RateLimitShare.ToString(CultureInfo.InvariantCulture), Export = SettingExport.Ops,
    };
    public static readonly Setting RequestsPerSecond = Own("requests-per-second", SettingKind.Number, "Absolute request budget; overrides rate-limit-share") with
    {
        Export = SettingExport.Ops,
    };
    public static readonly Setting MembershipStrategy = Own("membership-strategy", SettingKind.Text, "How memberships are read: auto, instance or per-organization") with
    {
        Default = "auto", Allowed = ["auto", "instance", "per-organization"], Export = SettingExport.Ops,
    };
    public static readonly Setting Parallelism = Own("parallelism", SettingKind.Integer, "Requests in flight per endpoint") with
    {
        DefaultNote = $"{SyncDefaults.SmallBudgetParallelism} for a rate budget of {SyncDefaults.SmallBudgetRequestsPerSecond.ToString(CultureInfo.InvariantCulture)} requests/s or less, else {SyncDefaults.Parallelism}",
        Min = 1, Max = SyncDefaults.MaxParallelism, Export = SettingExport.Ops, Hocon = true,
    };
    public static readonly Setting MaxRetryAttempts = Tunable("max-retry-attempts", "Retries after a failed HTTP attempt", SyncDefaults.MaxRetryAttempts, 0, SyncDefaults.MaxMaxRetryAttempts);
    public static readonly Setting PageSize = Tunable("page-size", "Rows per Clerk page", SyncDefaults.PageSize, 1, SyncDefaults.MaxPageSize);
    public static readonly Setting UsersCursorThreshold = Tunable("users-cursor-threshold",
        "Above this many users, /users is read in created_at partitions with a cursor", SyncDefaults.UsersCursorThreshold, 0, long.MaxValue);
    public static readonly Setting UserPartitions = Tunable("user-partitions", "created_at partitions of a large /users read", SyncDefaults.UserPartitions, 1, SyncDefaults.MaxUserPartitions);
    public static readonly Setting ProgressIntervalSeconds = Tunable("progress-interval-seconds", "Seconds between progress lines when stderr is not a terminal",
        SyncDefaults.ProgressIntervalSeconds, 1, 3600);
    public static readonly Setting DefaultRoleKey = Own("default-role-key", SettingKind.Text,
        "Role key a new member gets (default: the organization's role set default, else org:member)");
    public static readonly Setting StoreCacheMiB = Tunable("store-cache-mib", "SQLite page cache of the working file, in MiB", SyncDefaults.StoreCacheMiB, 1, SyncDefaults.MaxStoreCacheMiB);
    public static readonly Setting StoreCommitRows = Tunable("store-commit-rows", "Rows written to the working file between commits (a resumed run refetches at most one group)",
        SyncDefaults.StoreCommitRows, 1, SyncDefaults.MaxStoreCommitRows);
    public static readonly Setting C1ApiHost = Own("c1-api-host", SettingKind.Text, "host[:port] replacing the ConductorOne tenant host (tests and non-production)") with
    {
        EnvironmentOnly = true,
    };
    public static readonly Setting HostId = Own("host-id", SettingKind.Text, "host_id reported to ConductorOne (default: the machine name)") with
    {
        EnvironmentOnly = true,
    };
    public static readonly Setting FleetConfig = Own("fleet-config", SettingKind.Text,
        "YAML fleet file: run as one node of a fleet serving every connector registration in it (see README, Fleet)") with
    {
        Export = SettingExport.Ops,
    };
    public static readonly Setting ClusterHostname = Own("cluster-hostname", SettingKind.Text, "Address other fleet nodes reach this one at (fleet mode)") with
    {
        Default = "127.0.0.1", Export = SettingExport.Ops,
    };
    public static readonly Setting ClusterPort = Own("cluster-port", SettingKind.Integer, "Cluster port of this fleet node; 0 picks a free one (fleet mode)") with
    {
        Default = "4053", Min = 0, Max = 65535, Export = SettingExport.Ops,
    };
    public static readonly Setting ClusterSeedNodes = Own("cluster-seed-nodes", SettingKind.List, "host:port of the fleet's seed nodes (fleet mode)") with
    {
        Export = SettingExport.Ops,
    };
    public static readonly Setting ClusterMinMembers = Own("cluster-min-members", SettingKind.Integer,
        "Nodes that must be up before registrations are placed; set it to the fleet's size so they spread (fleet mode)") with
    {
        Default = "1", Min = 1, Max = 1000, Export = SettingExport.Ops,
    };
    public static readonly Setting ClusterDiscovery = Own("cluster-discovery", SettingKind.Text,
        "Form the fleet through Akka.Management cluster bootstrap instead of seed nodes: config or kubernetes (fleet mode)") with
    {
        Allowed = ["", "config", "kubernetes"], Export = SettingExport.Ops,
    };
    public static readonly Setting ClusterManagementPort = Own("cluster-management-port", SettingKind.Integer,
        "Port of this node's bootstrap endpoint, the same on every node (fleet mode with --cluster-discovery)") with
    {
        Default = "8558", Min = 1, Max = 65535, Export = SettingExport.Ops,
    };
    public static readonly Setting ClusterContactPoints = Own("cluster-contact-points", SettingKind.List,
        "host:port of every node's bootstrap endpoint (fleet mode with --cluster-discovery config)") with
    {
        Export = SettingExport.Ops,
    };
    public static readonly Setting ClusterServiceName = Own("cluster-service-name", SettingKind.Text,
        "Service the nodes are discovered by; Kubernetes: the pods' app label (fleet mode with --cluster-discovery)") with
    {
        Default = "baton-clerk", Export = SettingExport.Ops,
    };

    public static IReadOnlyList<Setting> All { get; } =
    [
        CreateTicket, BulkCreateTicket, BulkTicketTemplatePath, GetTicket, ListTicketSchemas, Provisioning, Ticketing, C1zTempDir,
        ClientId, ClientSecret, CreateAccountEmail, CreateAccountLogin, CreateAccountProfile, CreateAccountResourceType,
        DeleteResource, DeleteResourceType, EventFeed, EventFeedId, EventFeedStartAt, EventFeedCursor, File, GrantEntitlement,
        GrantPrincipal, GrantPrincipalType, LogFormat, LogPath, RevokeGrant, RotateCredentials, RotateCredentialsType, TicketId,
        TicketTemplatePath, LogLevel, LogLevelDebugExpiresAt, SkipFullSync, SyncResources, SyncResourceTypes,
        SkipEntitlementsAndGrants, SkipGrants, ExternalResourceC1z, ExternalResourceEntitlementIdFilter, ExternalResourceTraits,
        KeepPreviousSyncC1z, DiffSyncs, BaseSyncId, AppliedSyncId, CompactSyncIds, CompactFilePaths, CompactOutputPath, CompactSyncs,
        InvokeAction, InvokeActionArgs, InvokeActionResourceType, ListActionSchemas, ListActionSchemasResourceType,
        ListResourceActions, InvokeResourceAction, InvokeResourceActionResourceType, InvokeResourceActionArgs,
        SessionStoreMaximumSize, Workers, ParallelSync, OtelCollectorEndpoint, OtelCollectorEndpointTlsCertPath,
        OtelCollectorEndpointTlsCert, OtelCollectorEndpointTlsInsecure, OtelTracingDisabled, OtelLoggingDisabled, AuthMethod,
        HealthCheck, HealthCheckPort, HealthCheckBindAddress, HttpTimeoutSeconds, StorageEngine, TaskConcurrency,
        SecretKey, ClerkApiUrl, RateLimitShare, RequestsPerSecond, MembershipStrategy, Parallelism, MaxRetryAttempts,
        PageSize, UsersCursorThreshold, UserPartitions, ProgressIntervalSeconds, StoreCacheMiB, StoreCommitRows, DefaultRoleKey, C1ApiHost, HostId,
        FleetConfig, ClusterHostname, ClusterPort, ClusterSeedNodes, ClusterMinMembers, ClusterDiscovery, ClusterManagementPort,
        ClusterContactPoints, ClusterServiceName,
    ];

    private static readonly Dictionary<string, Setting> ByName = All.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public static Setting? Find(string name) => ByName.GetValueOrDefault(name);

    private static Setting Sdk(string name, SettingKind kind, string description) => new(name, kind, description) { FromSdk = true };

    private static Setting Own(string name, SettingKind kind, string description) => new(name, kind, description);

    private static Setting Operation(string name, SettingKind kind, string description) =>
        Sdk(name, kind, description) with { Hidden = true, Support = SettingSupport.Refused, Reason = SyncOnly };

    private static Setting Unsupported(string name, SettingKind kind, string description, string reason) =>
        Sdk(name, kind, description) with { Support = SettingSupport.Refused, Reason = reason };

    private static Setting Otel(string name, SettingKind kind, string description) =>
        Sdk(name, kind, description) with { Export = SettingExport.Ops };

    private static Setting Tunable(string name, string description, long value, long min, long max) =>
        Own(name, SettingKind.Integer, description) with
        {
            Default = value.ToString(CultureInfo.InvariantCulture), Min = min, Max = max, Hidden = true, Hocon = true,
        };
}
