using BatonClerk.Engine.Clerk;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace BatonClerk.Engine.Tests.Clerk;

public sealed class ClerkClientErrorTests : IDisposable
{
    private readonly ClerkStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public async Task ListUsersAsync_401_IsUnauthorizedWithoutKeyAnywhere()
    {
        StubError("/v1/users", 401, "authentication_invalid", $"Key {ClerkStub.Key} is not valid");
        using var client = _stub.Client();

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListUsersAsync(new UserListQuery(10), CancellationToken.None));

        Assert.Equal(ClerkErrorKind.Unauthorized, e.Kind);
        Assert.Equal(401, e.StatusCode);
        Assert.False(e.IsTransient);
        Assert.StartsWith("the Clerk secret key was rejected", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ClerkStub.Key, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ClerkStub.Key, string.Join(" ", e.Errors), StringComparison.Ordinal);
        Assert.Equal(["authentication_invalid"], e.ErrorCodes);
        Assert.Single(_stub.Logged(1));
    }

    [Theory]
    [InlineData("/v1/organization_roles", ClerkErrorKind.FeatureNotEnabled)]
    [InlineData("/v1/organization_permissions", ClerkErrorKind.FeatureNotEnabled)]
    [InlineData("/v1/organizations", ClerkErrorKind.Forbidden)]
    public async Task ListAsync_403_DependsOnEndpoint(string path, ClerkErrorKind expected)
    {
        StubError(path, 403, "feature_not_enabled", "not enabled");
        using var client = _stub.Client();

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => path switch
        {
            "/v1/organization_roles" => client.ListRolesAsync(new PageQuery(10, 0), CancellationToken.None),
            "/v1/organization_permissions" => client.ListPermissionsAsync(new PageQuery(10, 0), CancellationToken.None),
            _ => client.ListOrganizationsAsync(new PageQuery(10, 0), CancellationToken.None),
        });

        Assert.Equal(expected, e.Kind);
        Assert.Single(_stub.Logged(1));
    }

    [Theory]
    [InlineData("/v1/organizations")]
    [InlineData("/v1/organization_memberships")]
    [InlineData("/v1/organization_roles")]
    [InlineData("/v1/role_sets")]
    public async Task ListAsync_403OrganizationsNotEnabled_IsItsOwnKindOnEveryOrganizationEndpoint(string path)
    {
        StubError(path, 403, "organization_not_enabled_in_instance", "The organizations feature is not enabled for this instance.");
        using var client = _stub.Client();

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => path switch
        {
            "/v1/organization_roles" => client.ListRolesAsync(new PageQuery(10, 0), CancellationToken.None),
            "/v1/organization_memberships" => client.ListInstanceMembershipsAsync(new PageQuery(10, 0), CancellationToken.None),
            "/v1/role_sets" => client.ListRoleSetsAsync(new PageQuery(10, 0), CancellationToken.None),
            _ => client.ListOrganizationsAsync(new PageQuery(10, 0), CancellationToken.None),
        });

        Assert.Equal(ClerkErrorKind.OrganizationsNotEnabled, e.Kind);
        Assert.False(e.IsTransient);
        Assert.StartsWith("the Organizations feature is not enabled on this Clerk instance", e.Message, StringComparison.Ordinal);
        Assert.Single(_stub.Logged(1));
    }

    [Fact]
    public async Task ListUsersAsync_403Other_IsForbiddenWithAClearMessage()
    {
        StubError("/v1/users", 403, "authorization_invalid", "Unauthorized request");
        using var client = _stub.Client();

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListUsersAsync(new UserListQuery(10), CancellationToken.None));

        Assert.Equal(ClerkErrorKind.Forbidden, e.Kind);
        Assert.Contains("HTTP 403 GET /users", e.Message, StringComparison.Ordinal);
        Assert.Contains("authorization_invalid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListOrganizationMembershipsAsync_404_IsNotFoundAndNotRetried()
    {
        StubError("/v1/organizations/org_gone/memberships", 404, "resource_not_found", "not found");
        using var client = _stub.Client();

        var e = await Assert.ThrowsAsync<ClerkApiException>(() =>
            client.ListOrganizationMembershipsAsync("org_gone", new PageQuery(10, 0), CancellationToken.None));

        Assert.Equal(ClerkErrorKind.NotFound, e.Kind);
        Assert.Single(_stub.Logged(1));
    }

    [Fact]
    public async Task ListUsersAsync_422_IsInvalidRequestNamingParameterAndTrace()
    {
        _stub.Server.Given(Request.Create().WithPath("/v1/users"))
            .RespondWith(Response.Create().WithStatusCode(422).WithHeader("Content-Type", "application/json").WithBody("""
                {"errors":[{"message":"is invalid","long_message":"order_by is not a valid value","code":"form_param_value_invalid","meta":{}}],"clerk_trace_id":"trace-body-1"}
                """));
        using var client = _stub.Client();

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListUsersAsync(new UserListQuery(10), CancellationToken.None));

        Assert.Equal(ClerkErrorKind.InvalidRequest, e.Kind);
        Assert.Equal("order_by", e.ParameterName);
        Assert.Equal("trace-body-1", e.TraceId);
        Assert.Contains("order_by", e.Message, StringComparison.Ordinal);
        Assert.Contains("form_param_value_invalid", e.Message, StringComparison.Ordinal);
        Assert.Single(_stub.Logged(1));
    }

    [Fact]
    public async Task ListUsersAsync_422WithMetaParamName_UsesMeta()
    {
        _stub.Server.Given(Request.Create().WithPath("/v1/users"))
            .RespondWith(Response.Create().WithStatusCode(422).WithBody("""
                {"errors":[{"message":"is invalid","long_message":"The value is not allowed","code":"form_param_value_invalid","meta":{"param_name":"limit"}}]}
                """));
        using var client = _stub.Client();

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListUsersAsync(new UserListQuery(10), CancellationToken.None));

        Assert.Equal("limit", e.ParameterName);
    }

    [Fact]
    public async Task ListUsersAsync_429WithSeconds_ThrowsRateLimitedOnceWithRetryAfter()
    {
        _stub.Server.Given(Request.Create().WithPath("/v1/users"))
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "7").WithHeader("Clerk-Trace-Id", "trace-h")
                .WithBody("""{"errors":[{"message":"Too many requests","long_message":"slow down","code":"too_many_requests"}]}"""));
        using var client = _stub.Client(maxRetries: 4);

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListUsersAsync(new UserListQuery(10), CancellationToken.None));

        Assert.Equal(ClerkErrorKind.RateLimited, e.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
        Assert.Equal("trace-h", e.TraceId);
        Assert.True(e.IsTransient);
        Assert.Single(_stub.Logged(1));
        Assert.Equal(1, _stub.Gate.Count);
    }

    [Fact]
    public async Task ListUsersAsync_429WithHttpDate_ComputesRetryAfterFromTimeProvider()
    {
        var now = new DateTimeOffset(2026, 5, 12, 10, 0, 0, TimeSpan.Zero);
        _stub.Server.Given(Request.Create().WithPath("/v1/users"))
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", now.AddSeconds(120).ToString("r")).WithBody("{}"));
        using var client = _stub.Client(time: new FrozenClock(now));

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListUsersAsync(new UserListQuery(10), CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(120), e.RetryAfter);
    }

    [Fact]
    public async Task ListUsersAsync_429WithPastDate_RetryAfterIsZero()
    {
        var now = new DateTimeOffset(2026, 5, 12, 10, 0, 0, TimeSpan.Zero);
        _stub.Server.Given(Request.Create().WithPath("/v1/users"))
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", now.AddSeconds(-30).ToString("r")));
        using var client = _stub.Client(time: new FrozenClock(now));

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListUsersAsync(new UserListQuery(10), CancellationToken.None));

        Assert.Equal(TimeSpan.Zero, e.RetryAfter);
    }

    [Fact]
    public async Task ListUsersAsync_429WithoutHeader_RetryAfterIsNull()
    {
        _stub.Server.Given(Request.Create().WithPath("/v1/users")).RespondWith(Response.Create().WithStatusCode(429));
        using var client = _stub.Client();

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListUsersAsync(new UserListQuery(10), CancellationToken.None));

        Assert.Equal(ClerkErrorKind.RateLimited, e.Kind);
        Assert.Null(e.RetryAfter);
    }

    [Fact]
    public async Task ListUsersAsync_500WithGarbageBody_StillServerError()
    {
        _stub.Server.Given(Request.Create().WithPath("/v1/users")).RespondWith(Response.Create().WithStatusCode(500).WithBody("<html>oops"));
        using var client = _stub.Client(maxRetries: 0);

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListUsersAsync(new UserListQuery(10), CancellationToken.None));

        Assert.Equal(ClerkErrorKind.ServerError, e.Kind);
        Assert.Equal(500, e.StatusCode);
        Assert.True(e.IsTransient);
        Assert.Empty(e.Errors);
    }

    [Fact]
    public async Task ListOrganizationsAsync_MissingData_IsMalformedResponse()
    {
        _stub.Server.Given(Request.Create().WithPath("/v1/organizations")).RespondWith(Response.Create().WithBody("""{"total_count":3}"""));
        using var client = _stub.Client(maxRetries: 0);

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListOrganizationsAsync(new PageQuery(10, 0), CancellationToken.None));

        Assert.Equal(ClerkErrorKind.MalformedResponse, e.Kind);
    }

    [Fact]
    public async Task ListUsersAsync_ObjectInsteadOfArray_IsMalformedResponse()
    {
        _stub.Server.Given(Request.Create().WithPath("/v1/users")).RespondWith(Response.Create().WithBody("""{"data":[]}"""));
        using var client = _stub.Client(maxRetries: 0);

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListUsersAsync(new UserListQuery(10), CancellationToken.None));

        Assert.Equal(ClerkErrorKind.MalformedResponse, e.Kind);
    }

    [Fact]
    public async Task ListUsersAsync_ConnectionRefused_IsTransport()
    {
        // Bound but not listening: connections are refused, and no parallel test can take the port meanwhile.
        using var reserved = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        reserved.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        using var client = new ClerkClient(new ClerkClientOptions
        {
            SecretKey = ClerkStub.Key,
            BaseUrl = $"http://127.0.0.1:{((System.Net.IPEndPoint)reserved.LocalEndPoint!).Port}/v1",
            MaxRetryAttempts = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(1),
        });

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListUsersAsync(new UserListQuery(10), CancellationToken.None));

        Assert.Equal(ClerkErrorKind.Transport, e.Kind);
        Assert.Null(e.StatusCode);
        Assert.IsType<HttpRequestException>(e.InnerException);
    }

    private void StubError(string path, int status, string code, string longMessage) =>
        _stub.Server.Given(Request.Create().WithPath(path))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(
                $$$"""{"errors":[{"message":"m","long_message":"{{{longMessage}}}","code":"{{{code}}}","meta":{}}]}"""));
}
