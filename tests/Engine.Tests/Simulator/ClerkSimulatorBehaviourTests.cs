using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BatonClerk.Engine.Clerk;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Simulator;

public sealed class ClerkSimulatorBehaviourTests : IDisposable
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 5, 12, 0, 0, 0, TimeSpan.Zero));
    private readonly ClerkSimulator _sim;
    private readonly HttpClient _http = new();

    public ClerkSimulatorBehaviourTests() =>
        _sim = ClerkSimulator.Start(new SimulatorOptions
        {
            DatasetOptions = new SimDatasetOptions { Users = 300, Organizations = 8, Seed = 21 },
            TimeProvider = _clock,
        });

    public void Dispose()
    {
        _http.Dispose();
        _sim.Dispose();
    }

    [Fact]
    public void Start_Defaults_BindLoopbackWithTestKey()
    {
        Assert.StartsWith("http://127.0.0.1:", _sim.BaseUrl, StringComparison.Ordinal);
        Assert.EndsWith("/v1", _sim.BaseUrl, StringComparison.Ordinal);
        Assert.StartsWith("sk_test_", _sim.SecretKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WrongKey_Answers401ClerkErrors()
    {
        var (status, body, _) = await GetAsync("/users?limit=1", key: "sk_test_wrong");

        Assert.Equal(401, status);
        Assert.Equal("authentication_invalid", body.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.True(body.TryGetProperty("clerk_trace_id", out _));
    }

    [Fact]
    public async Task ListUsersAsync_WrongKey_ClientSeesUnauthorized()
    {
        using var client = new ClerkClient(new ClerkClientOptions { SecretKey = "sk_test_wrong", BaseUrl = _sim.BaseUrl });

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListUsersAsync(new UserListQuery(10), CancellationToken.None));

        Assert.Equal(ClerkErrorKind.Unauthorized, e.Kind);
        Assert.StartsWith("sim_trace_", e.TraceId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/users?limit=501", "limit")]
    [InlineData("/users?limit=0", "limit")]
    [InlineData("/users?limit=10.0", "limit")]
    [InlineData("/organizations?offset=-1", "offset")]
    [InlineData("/organizations?include_members_count=yes", "include_members_count")]
    [InlineData("/organization_roles?order_by=bogus", "order_by")]
    [InlineData("/users?starting_after=user_20000000001Ybl9vlKu3pI6hLh4&offset=5", "starting_after")]
    [InlineData("/users?starting_after=user_20000000001Ybl9vlKu3pI6hLh4&order_by=first_name", "starting_after")]
    [InlineData("/users?created_at_after=soon", "created_at_after")]
    public async Task Get_InvalidParameter_Answers422NamingIt(string pathAndQuery, string param)
    {
        var (status, body, _) = await GetAsync(pathAndQuery);

        Assert.Equal(422, status);
        var error = body.GetProperty("errors")[0];
        Assert.Equal("form_param_value_invalid", error.GetProperty("code").GetString());
        Assert.StartsWith(param, error.GetProperty("long_message").GetString(), StringComparison.Ordinal);
        Assert.Equal(param, error.GetProperty("meta").GetProperty("param_name").GetString());
    }

    [Fact]
    public async Task Get_UnknownOrganization_Answers404()
    {
        var (status, body, _) = await GetAsync("/organizations/org_nope/memberships");

        Assert.Equal(404, status);
        Assert.Equal("resource_not_found", body.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Get_Shapes_FollowTheSpec()
    {
        var (_, users, _) = await GetAsync("/users?limit=3");
        var (_, count, _) = await GetAsync("/users/count");
        var (_, orgs, _) = await GetAsync("/organizations?limit=2");

        Assert.Equal(JsonValueKind.Array, users.ValueKind);
        Assert.Equal(3, users.GetArrayLength());
        Assert.Equal("total_count", count.GetProperty("object").GetString());
        Assert.Equal(300, count.GetProperty("total_count").GetInt64());
        Assert.Equal(8, orgs.GetProperty("total_count").GetInt64());
        Assert.False(orgs.GetProperty("data")[0].TryGetProperty("members_count", out _));
    }

    [Fact]
    public async Task ListUsersAsync_PrivateMetadata_IsServedButNeverDeserialized()
    {
        var text = await GetTextAsync("/users?limit=50");
        using var raw = JsonDocument.Parse(text);
        using var client = SimPaging.Client(_sim);

        var page = await client.ListUsersAsync(new UserListQuery(50), CancellationToken.None);

        Assert.Contains(SimUser.PrivateMarkerPrefix, text, StringComparison.Ordinal);
        Assert.Contains(SimUser.UnsafeMarkerPrefix, text, StringComparison.Ordinal);
        Assert.Equal(50, raw.RootElement.GetArrayLength());
        var reserialized = string.Join('\n', page.Items.Select(u => u.ToString() + JsonSerializer.Serialize(u.PublicMetadata)));
        Assert.DoesNotContain(SimUser.PrivateMarkerPrefix, reserialized, StringComparison.Ordinal);
        Assert.DoesNotContain(SimUser.UnsafeMarkerPrefix, reserialized, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimit_OverBudget_Answers429WithRetryAfterUntilWindowFrees()
    {
        _sim.RateLimit = new SimRateLimit(3, TimeSpan.FromSeconds(10));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await GetAsync("/organization_roles")).Status);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var (status, body, headers) = await GetAsync("/organization_roles");

        Assert.Equal(429, status);
        Assert.Equal("too_many_requests", body.GetProperty("errors")[0].GetProperty("code").GetString());

        // The oldest request was 3 s ago, so the window frees in 7 s.
        Assert.Equal(TimeSpan.FromSeconds(7), headers.RetryAfter?.Delta);
        _clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(200, (await GetAsync("/organization_roles")).Status);
        Assert.Equal(1, _sim.RequestLog.CountStatus(429));
    }

    [Fact]
    public async Task RateLimit_ClientCall_ThrowsRateLimitedWithoutRetrying()
    {
        _sim.RateLimit = new SimRateLimit(1, TimeSpan.FromSeconds(5));
        using var client = SimPaging.Client(_sim, maxRetries: 3);
        await client.ListPermissionsAsync(new PageQuery(10, 0), CancellationToken.None);

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListPermissionsAsync(new PageQuery(10, 0), CancellationToken.None));

        Assert.Equal(ClerkErrorKind.RateLimited, e.Kind);
        Assert.Equal(TimeSpan.FromSeconds(5), e.RetryAfter);
        Assert.Equal(2, _sim.RequestLog.CountPath("/organization_permissions"));
    }

    [Fact]
    public async Task Faults_NthRequest503_ClientRetriesThrough()
    {
        _sim.AddFault(SimFaultRule.Status("/organizations", 503, 1, 2));
        using var client = SimPaging.Client(_sim, maxRetries: 3);

        var page = await client.ListOrganizationsAsync(new PageQuery(500, 0), CancellationToken.None);

        Assert.Equal(8, page.Items.Count);
        Assert.Equal([503, 503, 200], _sim.RequestLog.Entries.Select(e => e.Status));
    }

    [Fact]
    public async Task Faults_PathPrefix_OnlyHitsMatchingPaths()
    {
        _sim.AddFault(SimFaultRule.Status("/organization_roles", 500, 1));

        Assert.Equal(200, (await GetAsync("/organizations")).Status);
        Assert.Equal(500, (await GetAsync("/organization_roles")).Status);
        Assert.Equal(200, (await GetAsync("/organization_roles")).Status);
    }

    [Fact]
    public async Task Faults_ConnectionAbort_IsTransportErrorThenRecovers()
    {
        _sim.AddFault(SimFaultRule.Nth("/users", SimFaultKind.ConnectionAbort, 1));
        using var noRetry = SimPaging.Client(_sim);
        using var retrying = SimPaging.Client(_sim, maxRetries: 2);

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => noRetry.ListUsersAsync(new UserListQuery(5), CancellationToken.None));
        var page = await retrying.ListUsersAsync(new UserListQuery(5), CancellationToken.None);

        Assert.Equal(ClerkErrorKind.Transport, e.Kind);
        Assert.Equal(5, page.Items.Count);
        Assert.Equal(0, _sim.RequestLog.Entries[0].Status);
    }

    [Theory]
    [InlineData(SimFaultKind.MalformedJson)]
    [InlineData(SimFaultKind.TruncatedBody)]
    public async Task Faults_BrokenBody_IsMalformedResponse(SimFaultKind kind)
    {
        _sim.AddFault(SimFaultRule.Nth("/organization_memberships", kind, 1));
        using var client = SimPaging.Client(_sim);

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListInstanceMembershipsAsync(new PageQuery(100, 0), CancellationToken.None));
        var page = await client.ListInstanceMembershipsAsync(new PageQuery(100, 0), CancellationToken.None);

        Assert.Equal(ClerkErrorKind.MalformedResponse, e.Kind);
        Assert.Equal(100, page.Items.Count);
        Assert.Equal(kind.ToString(), _sim.RequestLog.Entries[0].Fault);
    }

    [Fact]
    public async Task Faults_SlowResponse_TripsAttemptTimeout()
    {
        _sim.AddFault(new SimFaultRule { PathPrefix = "/users", Kind = SimFaultKind.SlowResponse, OnRequests = [1], Delay = TimeSpan.FromSeconds(1) });
        using var client = SimPaging.Client(_sim, attemptTimeout: TimeSpan.FromMilliseconds(200));

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListUsersAsync(new UserListQuery(5), CancellationToken.None));

        Assert.Equal(ClerkErrorKind.Timeout, e.Kind);
    }

    [Fact]
    public async Task Faults_Rate_FiresAboutThatOften()
    {
        _sim.AddFault(SimFaultRule.AtRate("/organization_permissions", SimFaultKind.HttpError, 0.5) with { StatusCode = 502 });

        for (var i = 0; i < 80; i++)
        {
            await GetAsync("/organization_permissions?limit=1");
        }

        Assert.InRange(_sim.RequestLog.CountStatus(502), 20, 60);
        _sim.ClearFaults();
        Assert.Equal(200, (await GetAsync("/organization_permissions")).Status);
    }

    [Fact]
    public async Task Faults_MaxFires_CapsTheRule()
    {
        _sim.AddFault(SimFaultRule.AtRate("/", SimFaultKind.HttpError, 1.0) with { MaxFires = 2 });

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await GetAsync("/organizations")).Status);
        }

        Assert.Equal([500, 500, 200, 200], statuses);
    }

    [Fact]
    public async Task Latency_Knob_DelaysAnswers()
    {
        _sim.Latency = TimeSpan.FromMilliseconds(250);
        var watch = Stopwatch.StartNew();

        await GetAsync("/organizations?limit=1");

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(240), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task UsersOffsetCost_LargeOffset_IsSlower()
    {
        _sim.UsersOffsetCostPer1000 = TimeSpan.FromMilliseconds(1000);
        var watch = Stopwatch.StartNew();

        await GetAsync("/users?limit=1&offset=250");

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(240), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Dataset_MutatedBetweenRequests_IsServedAtOnce()
    {
        using var client = SimPaging.Client(_sim);
        var first = await client.ListUsersAsync(new UserListQuery(100), CancellationToken.None);
        var cursor = first.Items[^1].Id;

        // Deleting the cursor user must not lose our place; a new user shows up at the end.
        Assert.True(_sim.Dataset.RemoveUser(cursor));
        var added = _sim.Dataset.AddUser("Ünïcode", null);
        var rest = await SimPaging.UsersByCursor(client, 500);
        var count = await client.CountUsersAsync(new UserCountQuery(), CancellationToken.None);
        var next = await client.ListUsersAsync(new UserListQuery(1) { StartingAfter = cursor }, CancellationToken.None);

        Assert.Equal(300, count);
        Assert.Equal(added.Id, rest[^1].Id);
        Assert.Equal("Ünïcode", rest[^1].FirstName);
        Assert.DoesNotContain(rest, u => u.Id == cursor);
        Assert.Equal(_sim.Dataset.Users[99].Id, Assert.Single(next.Items).Id);
    }

    [Fact]
    public async Task RequestLog_RecordsPathQueryAndHeaders()
    {
        using var client = SimPaging.Client(_sim);

        await client.ListRolesAsync(new PageQuery(500, 0), CancellationToken.None);

        var entry = Assert.Single(_sim.RequestLog.Entries);
        Assert.Equal("/organization_roles", entry.Path);
        Assert.Equal("limit=500&offset=0&order_by=%2Bcreated_at", entry.Query);
        Assert.Equal(200, entry.Status);
        Assert.Equal("2026-05-12", entry.ApiVersion);
        Assert.Equal(1, _sim.RequestLog.CountByPath()["/organization_roles"]);
    }

    private async Task<(int Status, JsonElement Body, HttpResponseHeaders Headers)> GetAsync(string pathAndQuery, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _sim.BaseUrl + pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key ?? _sim.SecretKey);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return ((int)response.StatusCode, doc.RootElement.Clone(), response.Headers);
    }

    private async Task<string> GetTextAsync(string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _sim.BaseUrl + pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _sim.SecretKey);
        using var response = await _http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
