using BatonClerk.Engine.Service;
using BatonClerk.Engine.Sync;
using BatonClerk.Host.Configuration.Settings;
using BatonClerk.Host.Logging;
using S = BatonClerk.Host.Configuration.Settings.SettingCatalog;

namespace BatonClerk.Host.Configuration;

/// <summary>A one-shot grant (entitlement, principal and its type) or revoke (grant id), as the ids of a previous sync's c1z.</summary>
public sealed record ProvisionRequest(string? EntitlementId, string? PrincipalId, string? PrincipalType, string? RevokeGrantId)
{
    public string Verb => RevokeGrantId is null ? "grant" : "revoke";
}

/// <summary>Fleet mode: the fleet file (secrets resolved on this node), this node's cluster settings, and the service options every registration starts from.</summary>
public sealed record FleetSettings(Engine.Fleet.FleetConfig Config, Engine.Fleet.FleetNodeOptions Node, ServiceOptions Template);

/// <summary>Service mode settings: present when a client id is given.</summary>
public sealed record ServiceSettings(ServiceOptions Options, HealthServerOptions? Health);

/// <summary>
/// Everything the executable runs from, validated once before any work: the engine receives
/// <see cref="Sync"/> and does not check it again. Built by <see cref="Build"/>, which reports every problem at once.
/// </summary>
public sealed class HostSettings
{
    private HostSettings(ValidatedSyncOptions sync, ServiceSettings? service, LogSettings log, IReadOnlyList<string> warnings, string? configFile, Akka.Configuration.Config? akka)
    {
        Akka = akka;
        Sync = sync;
        Service = service;
        Log = log;
        Warnings = warnings;
        ConfigFile = configFile;
    }

    public ValidatedSyncOptions Sync { get; }

    public ServiceSettings? Service { get; }

    public LogSettings Log { get; }

    /// <summary>The OpenTelemetry export (off without a collector endpoint).</summary>
    public Telemetry.TelemetrySettings Telemetry { get; private init; } = Host.Telemetry.TelemetrySettings.Off;

    /// <summary>One line per setting that was given but changes nothing here.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The shipped config/akka.hocon as read, if there is one (its Akka settings override the executable's).</summary>
    public Akka.Configuration.Config? Akka { get; }

    /// <summary>The YAML configuration file that was read, if any.</summary>
    public string? ConfigFile { get; }

    /// <summary>-p / --provisioning: grants and revokes may write to Clerk. Off, nothing is ever written.</summary>
    public bool Provisioning { get; private init; }

    /// <summary>--default-role-key, when given.</summary>
    public string? DefaultRoleKey { get; private init; }

    /// <summary>Fleet mode (--fleet-config): every registration of the file, served by this node of the cluster.</summary>
    public FleetSettings? Fleet { get; private init; }

    /// <summary>A one-shot grant or revoke asked for on the command line, instead of a sync.</summary>
    public ProvisionRequest? Provision { get; private init; }

    /// <summary>Resolves and validates every setting; throws <see cref="UsageException"/> listing all problems.</summary>
    public static HostSettings Build(
        SettingValues values, List<string> errors, string? configFile, TimeProvider time, bool stdoutIsTerminal, Akka.Configuration.Config? akka = null)
    {
        var warnings = new List<string>();
        var fleet = FleetSettingsResolver.Resolve(values, errors);

        // A fleet node takes its keys from the fleet file, even when that file or its cluster settings had problems.
        var fleetMode = fleet is not null || !string.IsNullOrEmpty(values.Text(S.FleetConfig));
        foreach (var setting in S.All.Where(s => s.Required && values.Given(s) is null && !fleetMode))
        {
            errors.Add($"{setting.Flag} (or {setting.EnvironmentVariable}) is required");
        }

        CheckSupport(values, errors, warnings);
        var log = Logging(values, errors, time, stdoutIsTerminal);
        var options = SyncOptions(values);
        if (fleet is not null)
        {
            // Each registration of the fleet file brings its own Clerk key; the node's engine settings are checked with a stand-in.
            options.SecretKey = "sk_test_fleet-node-has-no-key-of-its-own";
        }

        var service = ResolveService(values, errors);
        var provision = ResolveProvision(values, errors, service is not null);
        var telemetry = new Telemetry.TelemetrySettings(
            values.Text(S.OtelCollectorEndpoint) is { Length: > 0 } endpoint ? endpoint : null,
            values.Flag(S.OtelCollectorEndpointTlsInsecure),
            values.Text(S.OtelCollectorEndpointTlsCert) is { Length: > 0 } pem ? pem : null,
            values.Text(S.OtelCollectorEndpointTlsCertPath) is { Length: > 0 } pemPath ? pemPath : null,
            values.Flag(S.OtelTracingDisabled),
            values.Flag(S.OtelLoggingDisabled));
        if (telemetry.Problem() is { } telemetryProblem)
        {
            errors.Add(telemetryProblem);
        }

        // Service mode writes each task's c1z into a temporary path of its own; --file is not used there.
        var valid = string.IsNullOrEmpty(values.Text(S.ClientId)) && fleet is null
            ? options.TryValidate(out var sync, out var problems)
            : options.TryValidateEngineSettings(out sync, out problems);
        if (!valid)
        {
            var keyMissing = values.Given(S.SecretKey) is null;
            foreach (var problem in problems.Where(p => !(keyMissing && p.StartsWith(S.SecretKey.Name, StringComparison.Ordinal))))
            {
                errors.Add(WithOrigin(values, problem));
            }
        }

        if (errors.Count > 0 || sync is null)
        {
            throw new UsageException(errors);
        }

        return new HostSettings(sync, service, log, warnings, configFile, akka)
        {
            Telemetry = telemetry,
            Provisioning = values.Flag(S.Provisioning),
            DefaultRoleKey = values.Text(S.DefaultRoleKey) is { Length: > 0 } role ? role.Trim() : null,
            Provision = provision,
            Fleet = fleet,
        };
    }

    private static void CheckSupport(SettingValues values, List<string> errors, List<string> warnings)
    {
        foreach (var setting in S.All)
        {
            if (values.Given(setting) is not { } given)
            {
                continue;
            }

            if (setting.Support == SettingSupport.Refused && values.Asks(setting))
            {
                errors.Add($"{given.Source} is not supported: {setting.Reason}");
            }
            else if (setting.Support == SettingSupport.Ignored)
            {
                warnings.Add($"{given.Source} is accepted but ignored: {setting.Reason}");
            }
        }

        if (values.Given(S.SyncResources) is { } bids && values.Asks(S.SyncResources))
        {
            foreach (var bid in values.List(S.SyncResources))
            {
                var parsed = ResourceBid.Parse(bid, out var problem);
                if (parsed is null)
                {
                    errors.Add($"{bids.Source}: {problem}");
                }
                else if (!parsed.IsTargetable)
                {
                    errors.Add($"{bids.Source}: '{bid}' is a {parsed.ResourceType}; a targeted sync takes organizations and users");
                }
            }
        }

        if (values.Flag(S.SkipGrants) && !values.Asks(S.SyncResources))
        {
            errors.Add($"{values.Given(S.SkipGrants)!.Source} needs --sync-resources (it skips the grants of a targeted sync)");
        }

        if (values.Text(S.StorageEngine) == "pebble")
        {
            warnings.Add($"{values.Given(S.StorageEngine)!.Source} pebble is accepted, but this connector writes SQLite c1z files only");
        }
    }

    private static LogSettings Logging(SettingValues values, List<string> errors, TimeProvider time, bool stdoutIsTerminal)
    {
        var levelText = values.Text(S.LogLevel);
        var level = LogSettings.ParseLevel(levelText);
        if (level is null)
        {
            errors.Add($"{values.Given(S.LogLevel)!.Source} must be debug, info, warn, error, dpanic, panic or fatal, got '{levelText}'");
        }

        string? note = null;
        if (values.Given(S.LogLevelDebugExpiresAt) is { } expiresGiven && values.Text(S.LogLevelDebugExpiresAt) is { Length: > 0 } expiresText)
        {
            if (!LogSettings.TryParseTime(expiresText, out var expires))
            {
                errors.Add($"{expiresGiven.Source} must be an RFC 3339 time such as 2026-01-31T12:00:00Z, got '{expiresText}'");
            }
            else if (level == Serilog.Events.LogEventLevel.Debug && expires <= time.GetUtcNow())
            {
                level = Serilog.Events.LogEventLevel.Information;
                note = $"debug logging expired at {expires:O}; logging at info";
            }
        }

        var paths = new List<string>();
        foreach (var path in values.List(S.LogPath))
        {
            if (path is LogSetup.Stderr or LogSetup.Stdout)
            {
                paths.Add(path);
                continue;
            }

            var full = Path.GetFullPath(path);
            if (Directory.Exists(full) || !Directory.Exists(Path.GetDirectoryName(full)))
            {
                errors.Add($"{values.Given(S.LogPath)!.Source}: '{path}' must be a file in an existing directory");
                continue;
            }

            paths.Add(full);
        }

        var format = values.Text(S.LogFormat) ?? LogSetup.DefaultFormat(stdoutIsTerminal);
        return new LogSettings(level ?? Serilog.Events.LogEventLevel.Information, format, paths, note);
    }

    private static ClerkSyncOptions SyncOptions(SettingValues values) => new()
    {
        SecretKey = values.Text(S.SecretKey) ?? "",
        OutputPath = values.Text(S.File)!,
        ApiUrl = values.Text(S.ClerkApiUrl)!,
        ResourceTypes = values.List(S.SyncResourceTypes) is { Count: > 0 } types
            ? [.. types.Select(t => t.ToLowerInvariant()).Distinct()]
            : Engine.Mapping.ResourceTypes.AllIds,
        RateLimitShare = values.Number(S.RateLimitShare)!.Value,
        RequestsPerSecond = values.Number(S.RequestsPerSecond),
        MembershipStrategy = values.Text(S.MembershipStrategy) switch
        {
            "instance" => MembershipStrategy.Instance,
            "per-organization" => MembershipStrategy.PerOrganization,
            _ => MembershipStrategy.Auto,
        },
        Parallelism = values.Integer(S.Parallelism) is { } parallelism ? (int)parallelism : null,
        PageSize = (int)values.Integer(S.PageSize)!.Value,
        UsersCursorThreshold = values.Integer(S.UsersCursorThreshold)!.Value,
        UserPartitions = (int)values.Integer(S.UserPartitions)!.Value,
        AttemptTimeout = TimeSpan.FromSeconds(values.Integer(S.HttpTimeoutSeconds)!.Value),
        MaxRetryAttempts = (int)values.Integer(S.MaxRetryAttempts)!.Value,
        ProgressInterval = TimeSpan.FromSeconds(values.Integer(S.ProgressIntervalSeconds)!.Value),
        StoreCacheMiB = (int)values.Integer(S.StoreCacheMiB)!.Value,
        StoreCommitRows = (int)values.Integer(S.StoreCommitRows)!.Value,
        Scope = new SyncScope
        {
            SkipEntitlementsAndGrants = values.Flag(S.SkipEntitlementsAndGrants),
            SkipGrants = values.Flag(S.SkipGrants),
            Targets = [.. values.List(S.SyncResources)
                .Select(bid => ResourceBid.Parse(bid, out _))
                .OfType<ResourceBid>()

                // Other types were reported as usage errors already.
                .Where(bid => bid.IsTargetable)
                .Select(bid => new TargetedResource(bid.ResourceType, bid.ResourceId))
                .Distinct()],
        },
        WorkingDirectory = values.Text(S.C1zTempDir) is { Length: > 0 } temp ? temp : null,
    };

    private static ProvisionRequest? ResolveProvision(SettingValues values, List<string> errors, bool serviceMode)
    {
        string? Given(Setting setting) => values.Text(setting) is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
        var entitlement = Given(S.GrantEntitlement);
        var principal = Given(S.GrantPrincipal);
        var principalType = Given(S.GrantPrincipalType);
        var revoke = Given(S.RevokeGrant);
        if (entitlement is null && principal is null && principalType is null && revoke is null)
        {
            return null;
        }

        if (serviceMode)
        {
            errors.Add("--grant-entitlement, --grant-principal, --grant-principal-type and --revoke-grant are one-shot: not with --client-id (service mode takes grants and revokes as C1 tasks)");
            return null;
        }

        if (revoke is not null)
        {
            if (entitlement is not null || principal is not null || principalType is not null)
            {
                errors.Add("--revoke-grant cannot be combined with --grant-entitlement, --grant-principal or --grant-principal-type");
                return null;
            }

            return new ProvisionRequest(null, null, null, revoke);
        }

        if (entitlement is null || principal is null || principalType is null)
        {
            errors.Add("a grant needs --grant-entitlement, --grant-principal and --grant-principal-type together");
            return null;
        }

        return new ProvisionRequest(entitlement, principal, principalType, null);
    }

    private static ServiceSettings? ResolveService(SettingValues values, List<string> errors)
    {
        var clientId = values.Text(S.ClientId);
        var clientSecret = values.Text(S.ClientSecret);
        if (string.IsNullOrEmpty(clientId))
        {
            if (!string.IsNullOrEmpty(clientSecret))
            {
                errors.Add("--client-secret was given without --client-id");
            }

            return null;
        }

        if (string.IsNullOrEmpty(clientSecret))
        {
            errors.Add("--client-secret is required in service mode (with --client-id)");
            return null;
        }

        // The service options' own reader, fed the resolved values under the variable names it knows.
        var resolved = new[] { S.ClientId, S.ClientSecret, S.C1ApiHost, S.HostId, S.C1zTempDir }
            .ToDictionary(s => s.EnvironmentVariable, s => values.Text(s), StringComparer.Ordinal);
        resolved[S.TaskConcurrency.EnvironmentVariable] = values.Integer(S.TaskConcurrency)?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var options = ServiceOptions.FromEnvironment(name => resolved.GetValueOrDefault(name));
            options.Validate();
            HealthServerOptions? health = null;
            if (values.Flag(S.HealthCheck))
            {
                health = new HealthServerOptions
                {
                    Port = (int)values.Integer(S.HealthCheckPort)!.Value,
                    BindAddress = values.Text(S.HealthCheckBindAddress)!,
                };
                health.Validate();
            }

            return new ServiceSettings(options, health);
        }
        catch (ServiceConfigurationException e)
        {
            errors.Add(e.Message);
            return null;
        }
    }

    // An engine problem names its setting; say where a value that was not a flag came from.
    private static string WithOrigin(SettingValues values, string problem)
    {
        var setting = S.All.FirstOrDefault(s => problem.StartsWith(s.Name + " ", StringComparison.Ordinal));
        return setting is not null && values.Given(setting) is { Origin: not SettingOrigin.Flag } given
            ? $"{problem} (from {given.Source})"
            : setting is not null ? "--" + problem : problem;
    }
}
