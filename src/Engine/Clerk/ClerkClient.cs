using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Engine.Clerk.Reading;
using BatonClerk.Engine.Diagnostics;
using Polly;
using Polly.Timeout;

namespace BatonClerk.Engine.Clerk;

/// <summary>
/// The Clerk Backend API over HTTP. Each call is one logical request: transient failures (5xx, 408, broken
/// connections, attempt timeouts, malformed bodies) are retried here; 429 is not, because the pause it asks for
/// concerns every request with the key and belongs to the caller's <see cref="IRequestGate"/>.
/// </summary>
internal sealed partial class ClerkClient : IClerkApi, IDisposable
{
    public const string ApiVersion = "2026-05-12";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly string _baseUrl;
    private readonly string _secretKey;
    private readonly IRequestGate? _gate;
    private readonly TimeProvider _time;
    private readonly TimeSpan _attemptTimeout;
    private readonly ResiliencePipeline _retry;
    private readonly ResiliencePipeline _timeout;

    public ClerkClient(ClerkClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _baseUrl = options.Validate();
        _secretKey = options.SecretKey;
        _gate = options.Gate;
        _time = options.TimeProvider;
        _attemptTimeout = options.AttemptTimeout;
        (_http, _ownsHttp) = options.HttpClient is { } given
            ? (given, false)
            : (new HttpClient(options.HttpMessageHandler ?? CreateHandler(), disposeHandler: options.HttpMessageHandler is null)
            {
                Timeout = Timeout.InfiniteTimeSpan,
            }, true);
        _retry = ClerkResilience.Retry(options);
        _timeout = ClerkResilience.AttemptTimeout(options);
    }

    public static string UserAgent { get; } = "baton-clerk-dotnet/" + ProductVersion();

    public Task<ClerkPage<ClerkUser>> ListUsersAsync(UserListQuery query, CancellationToken cancellationToken) =>
        GetAsync(ClerkQuery.Users(query), static () => ClerkJsonContext.Default.ListClerkUser,
            users => new ClerkPage<ClerkUser>(users, null), cancellationToken, ClerkUserReader.TryReadList);

    /// <summary>The number of users matching the filters; -1 when Clerk gave no usable (non-negative) count.</summary>
    public Task<long> CountUsersAsync(UserCountQuery query, CancellationToken cancellationToken) =>
        GetAsync(ClerkQuery.UserCount(query), static () => ClerkJsonContext.Default.ClerkTotalCount,
            count => count.TotalCount is >= 0 and var n ? n : -1L, cancellationToken);

    public Task<ClerkPage<ClerkOrganization>> ListOrganizationsAsync(PageQuery query, CancellationToken cancellationToken) =>
        GetAsync(ClerkQuery.Page("/organizations", query, allowMembersCount: true),
            static () => ClerkJsonContext.Default.ClerkListResponseClerkOrganization, page => ToPage(page, query), cancellationToken);

    public Task<ClerkPage<ClerkRole>> ListRolesAsync(PageQuery query, CancellationToken cancellationToken) =>
        GetAsync(ClerkQuery.Page("/organization_roles", query, allowMembersCount: false),
            static () => ClerkJsonContext.Default.ClerkListResponseClerkRole, page => ToPage(page, query), cancellationToken);

    public Task<ClerkPage<ClerkPermission>> ListPermissionsAsync(PageQuery query, CancellationToken cancellationToken) =>
        GetAsync(ClerkQuery.Page("/organization_permissions", query, allowMembersCount: false),
            static () => ClerkJsonContext.Default.ClerkListResponseClerkPermission, page => ToPage(page, query), cancellationToken);

    public Task<ClerkPage<ClerkRoleSet>> ListRoleSetsAsync(PageQuery query, CancellationToken cancellationToken) =>
        GetAsync(ClerkQuery.Page("/role_sets", query, allowMembersCount: false),
            static () => ClerkJsonContext.Default.ClerkListResponseClerkRoleSet, page => ToPage(page, query), cancellationToken);

    public Task<ClerkPage<ClerkMembership>> ListOrganizationMembershipsAsync(
        string organizationId, PageQuery query, CancellationToken cancellationToken) =>
        GetAsync(ClerkQuery.OrganizationMemberships(organizationId, query),
            static () => ClerkJsonContext.Default.ClerkListResponseClerkMembership, page => ToPage(page, query), cancellationToken,
            ClerkMembershipReader.TryReadPage);

    public Task<ClerkPage<ClerkMembership>> ListInstanceMembershipsAsync(PageQuery query, CancellationToken cancellationToken) =>
        GetAsync(ClerkQuery.Page("/organization_memberships", query, allowMembersCount: false),
            static () => ClerkJsonContext.Default.ClerkListResponseClerkMembership, page => ToPage(page, query), cancellationToken,
            ClerkMembershipReader.TryReadPage);

    public Task<ClerkOrganization> GetOrganizationAsync(string organizationId, CancellationToken cancellationToken) =>
        GetAsync(ClerkQuery.Organization(organizationId), static () => ClerkJsonContext.Default.ClerkOrganization, o => o, cancellationToken);

    public Task<ClerkUser> GetUserAsync(string userId, CancellationToken cancellationToken) =>
        GetAsync(ClerkQuery.User(userId), static () => ClerkJsonContext.Default.ClerkUser, u => u, cancellationToken);

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    public override string ToString() => $"ClerkClient({_baseUrl})";

    // A total below what we have already seen (a spec mock sends -9007199254740991) is useless for paging decisions.
    internal static ClerkPage<T> ToPage<T>(ClerkListResponse<T> response, PageQuery query)
    {
        var items = response.Data ?? throw new JsonException("the body has no 'data' array");
        long? total = response.TotalCount is { } t && t >= 0 && t >= (long)query.Offset + items.Count ? t : null;
        return new ClerkPage<T>(items, total) { AnnouncedTotal = response.TotalCount is >= 0 and var announced ? announced : null };
    }

    /// <summary>
    /// A reader for one endpoint's well-formed pages that is quicker than the general parser; false hands the body
    /// to the general parser, which then accepts or refuses it as it always has.
    /// </summary>
    internal delegate bool FastBodyReader<TBody>(ReadOnlySpan<byte> utf8, out TBody body);

    private Task<TResult> GetAsync<TBody, TResult>(
        string pathAndQuery, Func<JsonTypeInfo<TBody>> typeInfo, Func<TBody, TResult> map, CancellationToken cancellationToken,
        FastBodyReader<TBody>? fast = null) =>
        SendAsync(HttpMethod.Get, pathAndQuery, null, _retry, typeInfo, map, cancellationToken, fast);

    private async Task<TResult> SendAsync<TBody, TResult>(
        HttpMethod method, string pathAndQuery, byte[]? jsonBody, ResiliencePipeline retry,
        Func<JsonTypeInfo<TBody>> typeInfo, Func<TBody, TResult> map, CancellationToken cancellationToken,
        FastBodyReader<TBody>? fast = null)
    {
        var uri = new Uri(_baseUrl + pathAndQuery, UriKind.Absolute);
        var path = pathAndQuery.Split('?', 2)[0];
        var endpoint = EngineTelemetry.Endpoint(path);
        var attempts = 0;
        return await retry.ExecuteAsync(
            async ct =>
            {
                var attempt = Interlocked.Increment(ref attempts);
                using var activity = EngineTelemetry.Source.StartActivity("clerk.request", ActivityKind.Client);
                activity?.SetTag("clerk.endpoint", endpoint);
                activity?.SetTag("clerk.attempt", attempt);
                if (attempt > 1)
                {
                    EngineTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("clerk.endpoint", endpoint));
                }

                var status = 0;
                // A page that asks again (a retry, a probe) is not doing CPU work while it waits on the network.
                var turn = ResponseTurn.Current;
                turn?.Release();
                try
                {
                    var waitStarted = Stopwatch.GetTimestamp();
                    PooledBody body;
                    using (var lease = _gate is null ? null : await _gate.AcquireLeaseAsync(ct).ConfigureAwait(false))
                    {
                        var waited = Stopwatch.GetElapsedTime(waitStarted);
                        EngineTelemetry.GateWait.Record(waited.TotalSeconds);
                        activity?.SetTag("clerk.rate_limit_wait_ms", Math.Round(waited.TotalMilliseconds, 1));
                        try
                        {
                            body = await _timeout.ExecuteAsync(
                                attemptCt => ReceiveAsync(method, uri, path, jsonBody, lease, attemptCt), ct).ConfigureAwait(false);
                        }
                        catch (TimeoutRejectedException)
                        {
                            throw ClerkErrorFactory.AttemptTimeout(path, _attemptTimeout);
                        }
                    }

                    using (body)
                    {
                        // Parsing is CPU work: it waits for its turn among the sync's pages, outside the attempt's
                        // timeout (the answer is in; only our own cores are busy).
                        if (turn is not null)
                        {
                            await turn.WaitAsync(ct).ConfigureAwait(false);
                        }

                        var result = Parse(body, path, typeInfo, fast, map);
                        status = 200;
                        return result;
                    }
                }
                catch (ClerkApiException e)
                {
                    status = e.StatusCode ?? 0;
                    activity?.SetStatus(ActivityStatusCode.Error, e.Kind.ToString());
                    throw;
                }
                finally
                {
                    activity?.SetTag("http.response.status_code", status);
                    EngineTelemetry.ClerkRequests.Add(1,
                        new KeyValuePair<string, object?>("clerk.endpoint", endpoint),
                        new KeyValuePair<string, object?>("http.response.status_code", status));
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<PooledBody> ReceiveAsync(
        HttpMethod method, Uri uri, string path, byte[]? jsonBody, IDisposable? lease, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _secretKey);
        request.Headers.TryAddWithoutValidation("Clerk-API-Version", ApiVersion);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw ClerkErrorFactory.Transport(path, e);
        }
        finally
        {
            // Clerk has seen the request once its answer starts: the permit's window counts from here, not from
            // after the body is read and parsed, which is our CPU time, not Clerk's budget.
            lease?.Dispose();
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ClerkErrorFactory.FromResponseAsync(response, path, _secretKey, _time, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return await PooledBody.ReadAsync(response.Content, (int)response.StatusCode, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw ClerkErrorFactory.Transport(path, e);
            }
        }
    }

    /// <summary>
    /// A body as the client reads it: the endpoint's fast reader when it takes the body, else the general parser.
    /// Nothing returned keeps a reference into <paramref name="utf8"/> (strings are copied, JsonElements cloned).
    /// </summary>
    internal static TBody ReadBody<TBody>(ReadOnlySpan<byte> utf8, JsonTypeInfo<TBody> typeInfo, FastBodyReader<TBody>? fast) =>
        fast is not null && fast(utf8, out var quick)
            ? quick
            : JsonSerializer.Deserialize(utf8, typeInfo) ?? throw new JsonException("the body is JSON null");

    // The general parser's metadata is asked for only when a body needs it: building it the first time takes tens of
    // milliseconds, which a sync's first requests would otherwise spend before they leave.
    private static TBody ReadBody<TBody>(ReadOnlySpan<byte> utf8, Func<JsonTypeInfo<TBody>> typeInfo, FastBodyReader<TBody>? fast) =>
        fast is not null && fast(utf8, out var quick) ? quick : ReadBody(utf8, typeInfo(), null);

    private static TResult Parse<TBody, TResult>(
        PooledBody body, string path, Func<JsonTypeInfo<TBody>> typeInfo, FastBodyReader<TBody>? fast, Func<TBody, TResult> map)
    {
        try
        {
            return map(ReadBody(body.Span, typeInfo, fast));
        }
        catch (JsonException e)
        {
            throw ClerkErrorFactory.Malformed(path, body.Status, e, e.Message);
        }
    }

    internal static SocketsHttpHandler CreateHandler(Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? connect = null) => new()
    {
        ConnectCallback = connect,
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(15),
    };

    private static string ProductVersion()
    {
        var assembly = typeof(ClerkClient).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational?.Split('+', 2)[0];
        return string.IsNullOrWhiteSpace(version) ? assembly.GetName().Version?.ToString(3) ?? "0.0.0" : version;
    }
}
