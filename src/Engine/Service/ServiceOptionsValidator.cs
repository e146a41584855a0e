namespace BatonClerk.Engine.Service;

/// <summary>Rejects option values that would make the task loop spin, stall or misbehave.</summary>
internal static class ServiceOptionsValidator
{
    public static void Validate(ServiceOptions o)
    {
        if (o.ApiHost is { } host && !HostPort.IsValid(host))
        {
            Fail("BATON_C1_API_HOST must be host[:port] without a scheme or path");
        }

        if (string.IsNullOrEmpty(o.HostId) || o.HostId.Length > 256)
        {
            Fail("host id (BATON_HOST_ID) must be 1..256 characters");
        }

        if (!Directory.Exists(o.TempDirectory))
        {
            Fail("the c1z temp directory (BATON_C1Z_TEMP_DIR) does not exist");
        }

        Positive(o.DefaultHeartbeatInterval, nameof(o.DefaultHeartbeatInterval));
        Positive(o.MinHeartbeatInterval, nameof(o.MinHeartbeatInterval));
        if (o.MaxHeartbeatInterval < o.MinHeartbeatInterval)
        {
            Fail($"{nameof(o.MaxHeartbeatInterval)} must not be below {nameof(o.MinHeartbeatInterval)}");
        }

        Positive(o.MaxPollInterval, nameof(o.MaxPollInterval));
        Positive(o.DefaultPollInterval, nameof(o.DefaultPollInterval));
        Positive(o.PollErrorBackoffUnit, nameof(o.PollErrorBackoffUnit));
        Positive(o.PollErrorBackoffMax, nameof(o.PollErrorBackoffMax));
        Positive(o.HelloInitialBackoff, nameof(o.HelloInitialBackoff));
        Positive(o.HelloMaxBackoff, nameof(o.HelloMaxBackoff));
        Positive(o.FinishTaskTimeout, nameof(o.FinishTaskTimeout));
        Positive(o.ConnectTimeout, nameof(o.ConnectTimeout));
        if (o.UploadRetryDelay < TimeSpan.Zero || o.TokenRefreshSkew < TimeSpan.Zero)
        {
            Fail("upload retry delay and token refresh skew must not be negative");
        }

        if (o.MaxHeartbeatFailures < 1 || o.UploadAttempts < 1)
        {
            Fail("heartbeat failure limit and upload attempts must be at least 1");
        }

        if (o.TaskConcurrency is < 1 or > 100)
        {
            Fail("task concurrency (BATON_TASK_CONCURRENCY) must be between 1 and 100");
        }

        // The server refuses data messages over 1 MiB.
        if (o.UploadChunkSize is < 1 or > 1024 * 1024)
        {
            Fail("upload chunk size must be 1 byte to 1 MiB");
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            Fail($"{name} must be positive");
        }
    }

    private static void Fail(string reason) => throw new ServiceConfigurationException($"Invalid service option: {reason}.");
}
