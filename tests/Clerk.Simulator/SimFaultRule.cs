namespace BatonClerk.Simulator;

public enum SimFaultKind
{
    /// <summary>Answer <see cref="SimFaultRule.StatusCode"/> (500, 502, 503, …) with a ClerkErrors body.</summary>
    HttpError,

    /// <summary>Drop the connection without any answer (the client sees a reset/aborted connection).</summary>
    ConnectionAbort,

    /// <summary>Wait <see cref="SimFaultRule.Delay"/>, then answer normally.</summary>
    SlowResponse,

    /// <summary>200 with a body that is not JSON.</summary>
    MalformedJson,

    /// <summary>200 with the real body cut in half (the Content-Length matches the cut body).</summary>
    TruncatedBody,

    /// <summary>429 with <see cref="SimFaultRule.RetryAfter"/> as the Retry-After header (none when null), whatever the rate limit.</summary>
    TooManyRequests,
}

/// <summary>
/// One fault. It matches requests whose path (relative to /v1) starts with PathPrefix; then it fires either on the
/// listed request numbers (1-based, counted per rule over matching requests) or, when none are listed, at Rate.
/// </summary>
public sealed record SimFaultRule
{
    public string PathPrefix { get; init; } = "/";
    public SimFaultKind Kind { get; init; } = SimFaultKind.HttpError;
    public int StatusCode { get; init; } = 500;

    /// <summary>Matching request numbers that fire, e.g. [1, 2] for "the first two".</summary>
    public IReadOnlyList<int> OnRequests { get; init; } = [];

    /// <summary>Chance in [0, 1] to fire on each matching request when OnRequests is empty.</summary>
    public double Rate { get; init; }

    /// <summary>Stop after firing this many times.</summary>
    public int MaxFires { get; init; } = int.MaxValue;

    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The raw Retry-After header of a <see cref="SimFaultKind.TooManyRequests"/> answer; null sends none.</summary>
    public string? RetryAfter { get; init; } = "1";

    public static SimFaultRule Nth(string pathPrefix, SimFaultKind kind, params int[] requests) =>
        new() { PathPrefix = pathPrefix, Kind = kind, OnRequests = requests };

    public static SimFaultRule Status(string pathPrefix, int statusCode, params int[] requests) =>
        new() { PathPrefix = pathPrefix, Kind = SimFaultKind.HttpError, StatusCode = statusCode, OnRequests = requests };

    /// <summary>429 on the listed matching requests (all of them when none are listed, up to maxFires).</summary>
    public static SimFaultRule TooManyRequests(string pathPrefix, string? retryAfter, int maxFires, params int[] requests) =>
        new()
        {
            PathPrefix = pathPrefix, Kind = SimFaultKind.TooManyRequests, RetryAfter = retryAfter, OnRequests = requests,
            Rate = requests.Length == 0 ? 1 : 0, MaxFires = maxFires,
        };

    public static SimFaultRule AtRate(string pathPrefix, SimFaultKind kind, double rate) =>
        new() { PathPrefix = pathPrefix, Kind = kind, Rate = rate };
}
