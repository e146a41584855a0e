using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WireMock;
using WireMock.Logging;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace BatonClerk.Simulator;

/// <summary>
/// A fake Clerk Backend API on 127.0.0.1, serving the seven list endpoints the sync reads from a generated dataset,
/// with knobs for latency, a per-key rate limit and injected faults. Every knob may be changed while it runs.
/// </summary>
public sealed class ClerkSimulator : IDisposable
{
    private const string SequenceHeader = "X-Sim-Sequence";
    private const string ApiPrefix = "/v1";
    private const string JsonContentType = "application/json; charset=utf-8";

    private readonly WireMockServer _server;
    private readonly SimFaults _faults;
    private readonly SimRateLimiter _rateLimiter = new();
    private readonly ConcurrentDictionary<long, SimFaultRule> _pendingFaults = new();
    private readonly TimeProvider _time;
    private readonly Random _jitter;
    private readonly Lock _jitterLock = new();
    private long _sequence;
    private long _latencyTicks;
    private long _jitterTicks;
    private long _offsetCostTicks;
    private volatile SimRateLimit? _rateLimit;
    private volatile SimEncodedObjects? _encoded;

    private ClerkSimulator(SimulatorOptions options)
    {
        _time = options.TimeProvider;
        _jitter = new Random(options.RandomSeed);
        _faults = new SimFaults(options.RandomSeed, options.Faults);
        Latency = options.Latency;
        LatencyJitter = options.LatencyJitter;
        UsersOffsetCostPer1000 = options.UsersOffsetCostPer1000;
        _rateLimit = options.RateLimit;
        Dataset = options.Dataset ?? SimDataset.Generate(options.DatasetOptions);
        SecretKey = options.SecretKey ?? "sk_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        Port = options.Port == 0 ? FreePort() : options.Port;
        _server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [$"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}"],
            StartAdminInterface = false,
            Logger = new WireMockNullLogger(),

            // WireMock's own log would keep every body of a million-user run in memory.
            MaxRequestLogCount = 16,
            DoNotSaveDynamicResponseInLogEntry = true,
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(BeforeWireMockAsync),
        });
        _server.Given(Request.Create().UsingAnyMethod().WithPath(new RegexMatcher(".*")))
            .RespondWith(Response.Create().WithCallback(HandleAsync));
    }

    public string BaseUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}{ApiPrefix}";
    public int Port { get; }
    public string SecretKey { get; }
    public SimDataset Dataset { get; }
    public SimRequestLog RequestLog { get; } = new();

    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, NonNegative(value).Ticks);
    }

    public TimeSpan LatencyJitter
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _jitterTicks));
        set => Interlocked.Exchange(ref _jitterTicks, NonNegative(value).Ticks);
    }

    public TimeSpan UsersOffsetCostPer1000
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetCostTicks));
        set => Interlocked.Exchange(ref _offsetCostTicks, NonNegative(value).Ticks);
    }

    /// <summary>null disables rate limiting. Changing it keeps the requests already counted.</summary>
    public SimRateLimit? RateLimit
    {
        get => _rateLimit;
        set => _rateLimit = value is { Requests: < 1 } || value?.Window <= TimeSpan.Zero
            ? throw new ArgumentOutOfRangeException(nameof(value), "A rate limit needs Requests >= 1 and a positive Window.")
            : value;
    }

    public IReadOnlyList<SimFaultRule> Faults => _faults.Rules;

    /// <summary>Answers every list as if no offset had been given, as a broken server or proxy would.</summary>
    public bool IgnoreOffset { get; set; }

    /// <summary>
    /// The Organizations feature is off: every organization endpoint (organizations, memberships, roles,
    /// permissions, role sets) answers 403 organization_not_enabled_in_instance, as Clerk does.
    /// </summary>
    public bool OrganizationsDisabled { get; set; }

    /// <summary>/users and /users/count ignore created_at_after/created_at_before, as a proxy or older mock might.</summary>
    public bool IgnoreCreatedAtFilters { get; set; }

    /// <summary>A starting_after naming a deleted user answers 422 instead of continuing from its place.</summary>
    public bool RejectDeletedCursor { get; set; }

    /// <summary>/role_sets answers 404, like an API version without role sets.</summary>
    public bool RoleSetsUnavailable { get; set; }

    /// <summary>
    /// Adds unknown fields to every JSON object and sends null for the nullable fields the sync does not need
    /// (see <see cref="SimSchemaDrift"/>): a newer Clerk API than the one the client was written against.
    /// </summary>
    public bool SchemaDrift { get; set; }

    /// <summary>
    /// Serves users and memberships from bytes encoded once (see <see cref="SimEncodedObjects"/>): for benchmarks, so
    /// the simulator's own CPU stays off the engine's cores. Setting it encodes the current snapshot immediately.
    /// </summary>
    public bool PreEncoded
    {
        get => _encoded is not null;
        set
        {
            if (value)
            {
                var encoded = new SimEncodedObjects();
                encoded.Warm(Dataset.Snapshot);
                _encoded = encoded;
            }
            else
            {
                _encoded = null;
            }
        }
    }

    /// <summary>Awaited before a request is served (after latency, before the dataset is read): mutate the data here.</summary>
    public Func<SimRequestInfo, Task>? BeforeServe { get; set; }

    public static ClerkSimulator Start(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new ClerkSimulator(options);
    }

    public void AddFault(SimFaultRule rule) => _faults.Add(rule);

    public void ClearFaults() => _faults.Clear();

    /// <summary>Forgets the requests counted so far by the rate limit.</summary>
    public void ResetRateLimit() => _rateLimiter.Reset();

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }

    private static TimeSpan NonNegative(TimeSpan value) =>
        value < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(value), "Must not be negative.") : value;

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static bool IsOrganizationPath(string path) =>
        path.StartsWith("/organization", StringComparison.Ordinal) || path.StartsWith("/role_sets", StringComparison.Ordinal);

    private static string Relative(string path) =>
        path.StartsWith(ApiPrefix + "/", StringComparison.Ordinal) ? path[ApiPrefix.Length..] : path;

    // Runs before WireMock: numbers the request and decides its fault, because only here can a connection be dropped.
    private async Task BeforeWireMockAsync(HttpContext context, RequestDelegate next)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        var path = Relative(context.Request.Path.Value ?? "/");
        var fault = _faults.Decide(path);
        if (fault?.Kind == SimFaultKind.ConnectionAbort)
        {
            RequestLog.Add(new SimRequest(sequence, path, context.Request.QueryString.Value ?? "", 0, _time.GetUtcNow(), fault.Kind.ToString()) { Method = context.Request.Method });
            context.Abort();
            return;
        }

        if (fault is not null)
        {
            _pendingFaults[sequence] = fault;
        }

        if (_encoded is not null && HttpMethods.IsGet(context.Request.Method) && BeforeServe is null)
        {
            await ServeDirectAsync(context, sequence).ConfigureAwait(false);
            return;
        }

        context.Request.Headers[SequenceHeader] = sequence.ToString(CultureInfo.InvariantCulture);
        await next(context).ConfigureAwait(false);
    }

    private async Task<IResponseMessage> HandleAsync(IRequestMessage request)
    {
        var sequence = Header(request, SequenceHeader) is { } seqText ? long.Parse(seqText, CultureInfo.InvariantCulture) : Interlocked.Increment(ref _sequence);
        var served = await ServeAsync(sequence, request.Method, request.Path, request.RawQuery ?? "", request.Body,
            name => Header(request, name)).ConfigureAwait(false);
        var headers = new Dictionary<string, WireMockList<string>>
        {
            ["Content-Type"] = new(JsonContentType),
            ["Clerk-Trace-Id"] = new(served.TraceId),
        };
        if (served.RetryAfter is not null)
        {
            headers["Retry-After"] = new(served.RetryAfter);
        }

        return new ResponseMessage
        {
            StatusCode = served.Status,
            Headers = headers,
            BodyData = new BodyData { DetectedBodyType = BodyType.Bytes, BodyAsBytes = served.Body },
        };
    }

    // Benchmark mode's transport: the same answer as through WireMock, written by Kestrel directly, without WireMock's
    // request copy, matching and logging, which cost several milliseconds of CPU per page on the measured cores.
    private async Task ServeDirectAsync(HttpContext context, long sequence)
    {
        var request = context.Request;
        var served = await ServeAsync(sequence, request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? "", null,
            name => request.Headers.TryGetValue(name, out var values) ? values.FirstOrDefault() : null).ConfigureAwait(false);
        var response = context.Response;
        response.StatusCode = served.Status;
        response.ContentType = JsonContentType;
        response.ContentLength = served.Body.Length;
        response.Headers["Clerk-Trace-Id"] = served.TraceId;
        if (served.RetryAfter is not null)
        {
            response.Headers.RetryAfter = served.RetryAfter;
        }

        await response.Body.WriteAsync(served.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<SimResponse> ServeAsync(long sequence, string method, string requestPath, string rawQuery, string? requestBody,
        Func<string, string?> header)
    {
        _pendingFaults.TryRemove(sequence, out var fault);
        var path = Relative(requestPath);
        var traceId = $"sim_trace_{sequence.ToString(CultureInfo.InvariantCulture)}";
        int status;
        byte[] body;
        string? retryAfter = null;
        await DelayAsync(Latency + JitterSample()).ConfigureAwait(false);
        if (fault?.Kind == SimFaultKind.SlowResponse)
        {
            await DelayAsync(fault.Delay).ConfigureAwait(false);
        }

        if (BeforeServe is { } hook)
        {
            await hook(new SimRequestInfo(sequence, path, rawQuery.TrimStart('?'))).ConfigureAwait(false);
        }

        if (fault?.Kind == SimFaultKind.TooManyRequests)
        {
            status = 429;
            retryAfter = fault.RetryAfter;
            body = SimJson.Errors("too_many_requests", "Too many requests", "The simulator injected a 429.", traceId);
        }
        else if (fault?.Kind == SimFaultKind.HttpError)
        {
            status = fault.StatusCode;
            body = SimJson.Errors("internal_clerk_error", "Oops!", $"The simulator injected HTTP {status}.", traceId);
        }
        else if (!requestPath.StartsWith(ApiPrefix + "/", StringComparison.Ordinal) || method is not ("GET" or "POST" or "PATCH" or "DELETE"))
        {
            status = 404;
            body = SimJson.Errors("resource_not_found", "not found", $"{method} {requestPath} does not exist", traceId);
        }
        else if (header("Authorization") != "Bearer " + SecretKey)
        {
            status = 401;
            body = SimJson.Errors("authentication_invalid", "Invalid authentication",
                "Unable to authenticate the request, you need to supply an active API key", traceId);
        }
        else if (_rateLimit is { } limit && _rateLimiter.TryAdmit(SecretKey, limit, _time.GetUtcNow()) is { } wait)
        {
            status = 429;
            retryAfter = wait.ToString(CultureInfo.InvariantCulture);
            body = SimJson.Errors("too_many_requests", "Too many requests", "Too many requests, please try again later.", traceId);
        }
        else if (OrganizationsDisabled && IsOrganizationPath(path))
        {
            status = 403;
            body = SimJson.Errors("organization_not_enabled_in_instance", "access denied",
                "The organizations feature is not enabled for this instance. You can enable it at https://dashboard.clerk.com.", traceId);
        }
        else if (RoleSetsUnavailable && path.StartsWith("/role_sets", StringComparison.Ordinal))
        {
            status = 404;
            body = SimJson.Errors("resource_not_found", "not found", $"GET {requestPath} does not exist", traceId);
        }
        else
        {
            try
            {
                var query = IgnoreOffset ? SimQuery.WithoutOffset(rawQuery) : rawQuery;
                var mode = new SimServeMode(IgnoreCreatedAtFilters, RejectDeletedCursor, _encoded);
                var usersOffset = 0;
                body = SimWriteEndpoints.TryServe(method, path, new SimQuery(query), requestBody, Dataset)
                    ?? SimEndpoints.Serve(path, new SimQuery(query), Dataset.Snapshot, mode, out usersOffset);
                status = 200;
                if (SchemaDrift)
                {
                    body = SimSchemaDrift.Apply(body);
                }

                if (usersOffset > 0 && UsersOffsetCostPer1000 > TimeSpan.Zero)
                {
                    await DelayAsync(UsersOffsetCostPer1000 * (usersOffset / 1000.0)).ConfigureAwait(false);
                }

                body = fault?.Kind switch
                {
                    SimFaultKind.MalformedJson => "{\"data\": [ {\"id\": oops <html>"u8.ToArray(),
                    SimFaultKind.TruncatedBody => body[..(body.Length / 2)],
                    _ => body,
                };
            }
            catch (SimRequestError e)
            {
                status = e.Status;
                body = SimJson.Errors(e.Code, e.ShortMessage, e.Message, traceId, e.ParamName);
            }
        }

        RequestLog.Add(new SimRequest(sequence, path, rawQuery.TrimStart('?'), status, _time.GetUtcNow(), fault?.Kind.ToString())
        {
            ApiVersion = header("Clerk-API-Version"),
            UserAgent = header("User-Agent"),
            Method = method,
        });
        return new SimResponse(status, body, traceId, retryAfter);
    }

    private TimeSpan JitterSample()
    {
        var jitter = LatencyJitter;
        if (jitter <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        lock (_jitterLock)
        {
            return jitter * _jitter.NextDouble();
        }
    }

    private Task DelayAsync(TimeSpan delay) => delay > TimeSpan.Zero ? Task.Delay(delay, _time) : Task.CompletedTask;

    private static string? Header(IRequestMessage request, string name)
    {
        if (request.Headers is null)
        {
            return null;
        }

        foreach (var (key, values) in request.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return values.FirstOrDefault();
            }
        }

        return null;
    }
}

/// <summary>One answer, whichever transport writes it.</summary>
internal sealed record SimResponse(int Status, byte[] Body, string TraceId, string? RetryAfter);
