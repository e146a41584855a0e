using System.Net.Security;

namespace BatonClerk.Engine.Service;

/// <summary>
/// Everything service mode reads from its environment, plus the timing knobs of the task loop.
/// Defaults follow the Go SDK; tests shrink the intervals.
/// </summary>
public sealed class ServiceOptions
{
    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    /// <summary>BATON_C1_API_HOST: <c>host[:port]</c> replacing the tenant host for HTTP and gRPC (not for the JWT aud).</summary>
    public string? ApiHost { get; init; }

    /// <summary>BATON_HOST_ID, else the machine name; sent as host_id in every request.</summary>
    public string HostId { get; init; } = HostIdentity.Resolve(null);

    /// <summary>Where the temporary c1z of a SyncFull task is written (BATON_C1Z_TEMP_DIR).</summary>
    public string TempDirectory { get; init; } = Path.GetTempPath();

    /// <summary>Reported as build_info.package in Hello.</summary>
    public string PackageName { get; init; } = "baton-clerk";

    /// <summary>Task slots (BATON_TASK_CONCURRENCY): a slot is taken before each GetTask, so Hello and other tasks are answered while a sync runs.</summary>
    public int TaskConcurrency { get; init; } = 3;

    public TimeSpan DefaultHeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MinHeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxHeartbeatInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Consecutive failed periodic heartbeats after which the running task is cancelled.</summary>
    public int MaxHeartbeatFailures { get; init; } = 9;

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait used when GetTask omits next_poll (the SDK would busy-loop).</summary>
    public TimeSpan DefaultPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Poll errors back off by this unit times the squared error count, up to the cap.</summary>
    public TimeSpan PollErrorBackoffUnit { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan PollErrorBackoffMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The startup Hello retries with doubling delays starting here.</summary>
    public TimeSpan HelloInitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan HelloMaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whole-file upload attempts per asset.</summary>
    public int UploadAttempts { get; init; } = 3;

    /// <summary>Delay before the third and later attempts; the second attempt starts at once.</summary>
    public TimeSpan UploadRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public int UploadChunkSize { get; init; } = 512 * 1024;

    public TimeSpan FinishTaskTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A cached token is replaced this long before it expires.</summary>
    public TimeSpan TokenRefreshSkew { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Test hook: extra server certificate check (e.g. pin a self-signed cert). Null means system roots only.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    /// <summary>Test hook: supplies the HTTP handler for both the token endpoint and gRPC.</summary>
    public Func<HttpMessageHandler>? HttpMessageHandlerFactory { get; init; }

    /// <summary>
    /// Reads BATON_CLIENT_ID, BATON_CLIENT_SECRET, BATON_C1_API_HOST, BATON_HOST_ID, BATON_C1Z_TEMP_DIR and
    /// BATON_TASK_CONCURRENCY (a value that is not a number is left for <see cref="Validate"/> to refuse as 0).
    /// </summary>
    public static ServiceOptions FromEnvironment(Func<string, string?>? getEnvironment = null)
    {
        var env = getEnvironment ?? Environment.GetEnvironmentVariable;
        var tempDir = env("BATON_C1Z_TEMP_DIR");
        return new ServiceOptions
        {
            ClientId = env("BATON_CLIENT_ID") ?? string.Empty,
            ClientSecret = env("BATON_CLIENT_SECRET") ?? string.Empty,
            ApiHost = NullIfEmpty(env("BATON_C1_API_HOST")),
            HostId = HostIdentity.Resolve(env("BATON_HOST_ID")),
            TempDirectory = string.IsNullOrEmpty(tempDir) ? Path.GetTempPath() : tempDir,
            TaskConcurrency = env("BATON_TASK_CONCURRENCY") is { Length: > 0 } slots
                ? int.TryParse(slots, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0
                : 3,
        };
    }

    /// <summary>Checks the options and that the credentials parse; throws <see cref="ServiceConfigurationException"/>.</summary>
    public void Validate() => Credentials().Dispose();

    /// <summary>Checks the options and parses the credentials; throws <see cref="ServiceConfigurationException"/>.</summary>
    internal ServiceCredentials Credentials()
    {
        ServiceOptionsValidator.Validate(this);
        return ServiceCredentials.Parse(ClientId, ClientSecret);
    }

    internal Uri ApiBase(C1ClientId clientId) => HostPort.ToHttpsBase(ApiHost ?? clientId.TenantHost);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
