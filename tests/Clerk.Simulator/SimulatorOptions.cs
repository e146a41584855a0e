namespace BatonClerk.Simulator;

public sealed record SimulatorOptions
{
    /// <summary>The data to serve; null generates one from <see cref="DatasetOptions"/>.</summary>
    public SimDataset? Dataset { get; init; }

    public SimDatasetOptions DatasetOptions { get; init; } = new();

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>null generates a random sk_test_ key.</summary>
    public string? SecretKey { get; init; }

    public TimeSpan Latency { get; init; }
    public TimeSpan LatencyJitter { get; init; }

    /// <summary>Extra delay per 1000 rows of /users offset, mimicking Clerk's walk-and-discard.</summary>
    public TimeSpan UsersOffsetCostPer1000 { get; init; }

    public SimRateLimit? RateLimit { get; init; }

    public IReadOnlyList<SimFaultRule> Faults { get; init; } = [];

    /// <summary>Seeds rate-based faults and jitter.</summary>
    public int RandomSeed { get; init; } = 7;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0..65535.");
        }

        if (SecretKey is not null && (SecretKey.Length == 0 || SecretKey.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException("SecretKey must be non-empty without whitespace.", nameof(SecretKey));
        }

        if (Latency < TimeSpan.Zero || LatencyJitter < TimeSpan.Zero || UsersOffsetCostPer1000 < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Latency), "Delays must not be negative.");
        }

        if (RateLimit is { } limit && (limit.Requests < 1 || limit.Window <= TimeSpan.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(RateLimit), "A rate limit needs Requests >= 1 and a positive Window.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
        DatasetOptions.Validate();
    }
}
