using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BatonClerk.Engine.Clerk.Models;

namespace BatonClerk.Engine.Clerk;

/// <summary>Turns a non-2xx answer into a <see cref="ClerkApiException"/>.</summary>
internal static class ClerkErrorFactory
{
    private const int MaxErrorBodyBytes = 64 * 1024;

    public static async Task<ClerkApiException> FromResponseAsync(
        HttpResponseMessage response, string path, string secretKey, TimeProvider time, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        ClerkErrorsBody? body = null;
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (bytes.Length is > 0 and <= MaxErrorBodyBytes)
            {
                body = JsonSerializer.Deserialize(bytes, ClerkJsonContext.Default.ClerkErrorsBody);
            }
        }
        catch (Exception e) when (e is JsonException or IOException or HttpRequestException)
        {
            // The status alone still classifies the failure; a broken error body must not hide it.
        }

        var details = (body?.Errors ?? [])
            .Select(e => new ClerkErrorDetail(
                Redact(e.Code, secretKey), Redact(e.Message, secretKey), Redact(e.LongMessage, secretKey), ParamName(e)))
            .ToList();
        var traceId = HeaderValue(response.Headers, "Clerk-Trace-Id") ?? body?.ClerkTraceId;
        var retryAfter = ParseRetryAfter(response.Headers.RetryAfter, time);
        var kind = Classify(status, path, details.Select(d => d.Code));
        var message = Describe(kind, status, path, details, traceId, retryAfter);
        return new ClerkApiException(kind, message, status, path, details, traceId, retryAfter);
    }

    public const string OrganizationsNotEnabledCode = "organization_not_enabled_in_instance";

    public static ClerkErrorKind Classify(int status, string path, IEnumerable<string?>? codes = null) => status switch
    {
        401 => ClerkErrorKind.Unauthorized,
        403 when codes?.Contains(OrganizationsNotEnabledCode) == true => ClerkErrorKind.OrganizationsNotEnabled,
        403 when path.StartsWith("/organization_roles", StringComparison.Ordinal)
              || path.StartsWith("/organization_permissions", StringComparison.Ordinal)
              || path.StartsWith("/role_sets", StringComparison.Ordinal) => ClerkErrorKind.FeatureNotEnabled,
        403 => ClerkErrorKind.Forbidden,
        404 => ClerkErrorKind.NotFound,
        400 or 422 => ClerkErrorKind.InvalidRequest,
        408 => ClerkErrorKind.Timeout,
        429 => ClerkErrorKind.RateLimited,
        >= 500 and <= 599 => ClerkErrorKind.ServerError,
        _ => ClerkErrorKind.Unexpected,
    };

    internal static TimeSpan? ParseRetryAfter(RetryConditionHeaderValue? header, TimeProvider time)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static string Describe(
        ClerkErrorKind kind, int status, string path, List<ClerkErrorDetail> details, string? traceId, TimeSpan? retryAfter)
    {
        var text = new StringBuilder();
        text.Append(kind switch
        {
            ClerkErrorKind.Unauthorized => "the Clerk secret key was rejected",
            ClerkErrorKind.FeatureNotEnabled => "this Clerk instance does not have organization roles/permissions enabled (a paid feature)",
            ClerkErrorKind.OrganizationsNotEnabled => "the Organizations feature is not enabled on this Clerk instance",
            ClerkErrorKind.Forbidden => "Clerk refused access (the secret key is not allowed to read this endpoint)",
            ClerkErrorKind.NotFound => "Clerk found no such resource",
            ClerkErrorKind.InvalidRequest => "Clerk rejected the request as invalid (a client bug)",
            ClerkErrorKind.RateLimited => "Clerk rate limit reached",
            ClerkErrorKind.ServerError => "Clerk server error",
            ClerkErrorKind.Timeout => "Clerk answered 408 request timeout",
            _ => "unexpected Clerk answer",
        });
        text.Append(CultureInfo.InvariantCulture, $" (HTTP {status} GET {path})");
        if (details.Select(d => d.ParamName).FirstOrDefault(p => p is not null) is { } param)
        {
            text.Append(CultureInfo.InvariantCulture, $"; parameter '{param}'");
        }

        foreach (var d in details.Take(3))
        {
            text.Append(CultureInfo.InvariantCulture, $"; {d.Code}: {d.LongMessage ?? d.Message}");
        }

        if (retryAfter is { } wait)
        {
            text.Append(CultureInfo.InvariantCulture, $"; retry after {wait.TotalSeconds:0.###} s");
        }

        if (traceId is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"; trace id {traceId}");
        }

        return text.ToString();
    }

    private static string? ParamName(ClerkErrorItem item)
    {
        if (item.Meta is { ValueKind: JsonValueKind.Object } meta)
        {
            foreach (var name in (ReadOnlySpan<string>)["param_name", "parameter", "name"])
            {
                if (meta.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }
        }

        // Clerk's long_message reads like "limit is not allowed ..." or "`limit` must be ..."; take the leading word.
        var text = item.LongMessage?.Trim().TrimStart('`', '\'', '"');
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var end = 0;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return end > 0 && text[..end].Contains('_', StringComparison.Ordinal) || IsKnownParam(text[..end]) ? text[..end] : null;
    }

    private static bool IsKnownParam(string word) => word is "limit" or "offset" or "order_by" or "starting_after"
        or "created_at_after" or "created_at_before" or "include_members_count";

    private static string? HeaderValue(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    // A server echoing the Authorization header back must not smuggle the key into our messages.
    private static string? Redact(string? text, string secretKey) =>
        text is null || secretKey.Length == 0 ? text : text.Replace(secretKey, "[redacted]", StringComparison.Ordinal);

    internal static ClerkApiException Transport(string path, Exception inner) => new(
        ClerkErrorKind.Transport,
        $"the connection to Clerk failed (GET {path}): {inner.GetType().Name}: {inner.Message}",
        path: path,
        innerException: inner);

    internal static ClerkApiException Malformed(string path, int status, Exception? inner, string why) => new(
        ClerkErrorKind.MalformedResponse,
        $"Clerk sent a malformed body (HTTP {status} GET {path}): {why}",
        statusCode: status,
        path: path,
        innerException: inner);

    internal static ClerkApiException AttemptTimeout(string path, TimeSpan timeout) => new(
        ClerkErrorKind.Timeout,
        string.Create(CultureInfo.InvariantCulture, $"Clerk did not answer GET {path} within {timeout.TotalSeconds:0.###} s"),
        path: path);
}
