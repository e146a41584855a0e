using System.Collections.Concurrent;

namespace BatonClerk.Simulator;

/// <summary>One request as the simulator saw it. Path is relative to /v1; Status 0 means the connection was dropped.</summary>
public sealed record SimRequest(long Sequence, string Path, string Query, int Status, DateTimeOffset Timestamp, string? Fault)
{
    public string? ApiVersion { get; init; }
    public string? UserAgent { get; init; }

    /// <summary>The HTTP method; "GET" unless a write was sent.</summary>
    public string Method { get; init; } = "GET";
}

/// <summary>Thread-safe record of every request, for assertions.</summary>
public sealed class SimRequestLog
{
    private readonly ConcurrentQueue<SimRequest> _entries = new();

    public IReadOnlyList<SimRequest> Entries => [.. _entries.OrderBy(e => e.Sequence)];

    public int Count => _entries.Count;

    public int CountPath(string path) => _entries.Count(e => e.Path == path);

    public int CountPathPrefix(string prefix) => _entries.Count(e => e.Path.StartsWith(prefix, StringComparison.Ordinal));

    public int CountStatus(int status) => _entries.Count(e => e.Status == status);

    public IReadOnlyDictionary<string, int> CountByPath() =>
        _entries.GroupBy(e => e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>The requests that were not reads (POST, PATCH, DELETE), i.e. attempted writes.</summary>
    public int CountWrites() => _entries.Count(e => e.Method != "GET");

    public void Clear() => _entries.Clear();

    internal void Add(SimRequest request) => _entries.Enqueue(request);
}
