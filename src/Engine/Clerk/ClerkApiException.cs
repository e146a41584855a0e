namespace BatonClerk.Engine.Clerk;

/// <summary>
/// Every failure of a Clerk call. Messages are built only from the status, the path and Clerk's own error texts;
/// the secret key is never part of them.
/// </summary>
public sealed class ClerkApiException : Exception
{
    public ClerkApiException(
        ClerkErrorKind kind,
        string message,
        int? statusCode = null,
        string? path = null,
        IReadOnlyList<ClerkErrorDetail>? errors = null,
        string? traceId = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        Path = path;
        Errors = errors ?? [];
        TraceId = traceId;
        RetryAfter = retryAfter;
    }

    public ClerkErrorKind Kind { get; }

    /// <summary>The HTTP status, or null when no answer arrived (transport failure, timeout).</summary>
    public int? StatusCode { get; }

    /// <summary>The request path without the query string, e.g. "/users".</summary>
    public string? Path { get; }

    public IReadOnlyList<ClerkErrorDetail> Errors { get; }

    public IReadOnlyList<string> ErrorCodes => [.. Errors.Select(e => e.Code).OfType<string>()];

    /// <summary>The Clerk-Trace-Id header or the body's clerk_trace_id, to quote when asking Clerk support.</summary>
    public string? TraceId { get; }

    /// <summary>How long Clerk asked us to wait (Retry-After, as seconds or an HTTP date).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>For InvalidRequest: the query parameter Clerk complained about, when it said so.</summary>
    public string? ParameterName => Errors.Select(e => e.ParamName).FirstOrDefault(p => p is not null);

    /// <summary>
    /// True when the same request may succeed later. RateLimited counts as transient even though the client does not
    /// retry it itself: the pause belongs to the caller's shared gate, not to one request.
    /// </summary>
    public bool IsTransient => Kind is ClerkErrorKind.RateLimited or ClerkErrorKind.ServerError
        or ClerkErrorKind.Transport or ClerkErrorKind.Timeout or ClerkErrorKind.MalformedResponse;

    /// <summary>What the client's own retry loop retries: everything transient except 429.</summary>
    internal bool IsRetriedByClient => IsTransient && Kind != ClerkErrorKind.RateLimited;
}
