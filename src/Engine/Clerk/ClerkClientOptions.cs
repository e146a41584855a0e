using System.Net;

namespace BatonClerk.Engine.Clerk;

/// <summary>Settings of <see cref="ClerkClient"/>. A class, not a record, so no generated ToString shows the key.</summary>
public sealed class ClerkClientOptions
{
    public const string DefaultBaseUrl = "https://api.clerk.com/v1";

    /// <summary>The instance secret key (sk_live_… or sk_test_…).</summary>
    public string SecretKey { get; init; } = "";

    /// <summary>Endpoint paths are appended to this, so a Prism mock without /v1 works as http://127.0.0.1:4010.</summary>
    public string BaseUrl { get; init; } = DefaultBaseUrl;

    public TimeSpan AttemptTimeout { get; init; } = Sync.SyncDefaults.AttemptTimeout;

    /// <summary>Retries after the first attempt (0 disables retrying).</summary>
    public int MaxRetryAttempts { get; init; } = Sync.SyncDefaults.MaxRetryAttempts;

    /// <summary>First backoff delay; later ones grow exponentially with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound of one backoff delay, including a server's Retry-After on a 5xx.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Awaited before every HTTP attempt, retries included.</summary>
    public IRequestGate? Gate { get; init; }

    /// <summary>For tests: the handler of the client's own HttpClient (the client disposes neither).</summary>
    public HttpMessageHandler? HttpMessageHandler { get; init; }

    /// <summary>For tests or host-managed clients: used as is and not disposed. Wins over HttpMessageHandler.</summary>
    public HttpClient? HttpClient { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks every setting and returns the normalized base URL without a trailing slash.</summary>
    public string Validate()
    {
        if (string.IsNullOrWhiteSpace(SecretKey))
        {
            throw new ArgumentException("ClerkClientOptions.SecretKey is required (an sk_live_… or sk_test_… key).", nameof(SecretKey));
        }

        // A control character or space would corrupt the Authorization header; the key itself is not quoted.
        if (SecretKey.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new ArgumentException("ClerkClientOptions.SecretKey contains whitespace or control characters.", nameof(SecretKey));
        }

        if (AttemptTimeout <= TimeSpan.Zero || AttemptTimeout > Sync.SyncDefaults.MaxAttemptTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, $"AttemptTimeout must be > 0 and at most {Sync.SyncDefaults.MaxAttemptTimeoutSeconds} seconds.");
        }

        if (MaxRetryAttempts is < 0 or > Sync.SyncDefaults.MaxMaxRetryAttempts)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAttempts), MaxRetryAttempts, $"MaxRetryAttempts must be between 0 and {Sync.SyncDefaults.MaxMaxRetryAttempts}.");
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), RetryBaseDelay, "RetryBaseDelay must be between 0 and 1 minute.");
        }

        if (MaxRetryDelay < RetryBaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryDelay), MaxRetryDelay, "MaxRetryDelay must not be below RetryBaseDelay.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
        return ValidateBaseUrl(BaseUrl);
    }

    internal static string ValidateBaseUrl(string? baseUrl) =>
        BaseUrlProblem(baseUrl, out var normalized) is { } problem
            ? throw new ArgumentException("ClerkClientOptions.BaseUrl " + problem, nameof(BaseUrl))
            : normalized;

    /// <summary>What is wrong with a base URL (a phrase that follows the setting's name), or null and the normalized URL.</summary>
    public static string? BaseUrlProblem(string? baseUrl, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(baseUrl) || !Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var uri))
        {
            return $"'{baseUrl}' is not an absolute URL.";
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return $"'{uri.GetLeftPart(UriPartial.Path)}' must not carry a query, fragment or user info.";
        }

        if (uri.Scheme == Uri.UriSchemeHttp)
        {
            // The key travels in a header; plain http is only acceptable when it never leaves the machine.
            if (!IsLoopback(uri))
            {
                return $"'{uri}' uses plain http; https is required except for loopback hosts (127.0.0.0/8, ::1, localhost).";
            }
        }
        else if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return $"'{uri}' must use https.";
        }

        normalized = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return null;
    }

    private static bool IsLoopback(Uri uri)
    {
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
