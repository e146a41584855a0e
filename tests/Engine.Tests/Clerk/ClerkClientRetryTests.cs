using BatonClerk.Engine.Clerk;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace BatonClerk.Engine.Tests.Clerk;

public sealed class ClerkClientRetryTests : IDisposable
{
    private const string Scenario = "flaky";
    private readonly ClerkStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(408)]
    public async Task ListOrganizationsAsync_TransientStatusThenSuccess_RetriesAndSucceeds(int status)
    {
        FailTwiceThen(Response.Create().WithStatusCode(status).WithBody("{}"));
        using var client = _stub.Client(maxRetries: 3);

        var page = await client.ListOrganizationsAsync(new PageQuery(10, 0), CancellationToken.None);

        Assert.Equal(2, page.TotalCount);
        Assert.Equal(3, _stub.Logged(3).Count);
        Assert.Equal(3, _stub.Gate.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(422)]
    [InlineData(429)]
    public async Task ListOrganizationsAsync_NonRetriedStatus_MakesOneAttempt(int status)
    {
        _stub.Server.Given(Request.Create().WithPath("/v1/organizations")).RespondWith(Response.Create().WithStatusCode(status).WithBody("{}"));
        using var client = _stub.Client(maxRetries: 4);

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListOrganizationsAsync(new PageQuery(10, 0), CancellationToken.None));

        Assert.Equal(status, e.StatusCode);
        Assert.Single(_stub.Logged(1));
        Assert.Equal(1, _stub.Gate.Count);
    }

    [Fact]
    public async Task ListOrganizationsAsync_AlwaysFailing_StopsAfterMaxRetries()
    {
        _stub.Server.Given(Request.Create().WithPath("/v1/organizations")).RespondWith(Response.Create().WithStatusCode(503));
        using var client = _stub.Client(maxRetries: 2);

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListOrganizationsAsync(new PageQuery(10, 0), CancellationToken.None));

        Assert.Equal(ClerkErrorKind.ServerError, e.Kind);
        Assert.Equal(3, _stub.Logged(3).Count);
        Assert.Equal(3, _stub.Gate.Count);
    }

    [Fact]
    public async Task ListOrganizationsAsync_MalformedThenGood_Retries()
    {
        FailTwiceThen(Response.Create().WithStatusCode(200).WithBody("""{"data":[{"id":"org_1","na"""));
        using var client = _stub.Client(maxRetries: 3);

        var page = await client.ListOrganizationsAsync(new PageQuery(10, 0), CancellationToken.None);

        Assert.Equal(2, page.TotalCount);
        Assert.Equal(3, _stub.Gate.Count);
    }

    [Fact]
    public async Task ListOrganizationsAsync_SlowAttempts_TimeOutAndRetry()
    {
        _stub.Server.Given(Request.Create().WithPath("/v1/organizations"))
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(1)).WithBody("""{"data":[],"total_count":0}"""));
        using var client = _stub.Client(maxRetries: 1, attemptTimeout: TimeSpan.FromMilliseconds(150));

        var e = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListOrganizationsAsync(new PageQuery(10, 0), CancellationToken.None));

        Assert.Equal(ClerkErrorKind.Timeout, e.Kind);
        Assert.True(e.IsTransient);
        Assert.Equal(2, _stub.Gate.Count);
    }

    [Fact]
    public async Task ListOrganizationsAsync_CallerCancels_ThrowsOperationCanceled()
    {
        _stub.Server.Given(Request.Create().WithPath("/v1/organizations"))
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(1)).WithBody("{}"));
        using var client = _stub.Client(maxRetries: 3);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListOrganizationsAsync(new PageQuery(10, 0), cts.Token));
        Assert.Equal(1, _stub.Gate.Count);
    }

    [Fact]
    public async Task ListOrganizationsAsync_NoRetriesConfigured_MakesOneAttempt()
    {
        _stub.Server.Given(Request.Create().WithPath("/v1/organizations")).RespondWith(Response.Create().WithStatusCode(500));
        using var client = _stub.Client(maxRetries: 0);

        await Assert.ThrowsAsync<ClerkApiException>(() => client.ListOrganizationsAsync(new PageQuery(10, 0), CancellationToken.None));

        Assert.Single(_stub.Logged(1));
    }

    [Fact]
    public async Task ListUsersAsync_GateThrows_PropagatesWithoutSending()
    {
        using var client = new ClerkClient(new ClerkClientOptions
        {
            SecretKey = ClerkStub.Key,
            BaseUrl = _stub.BaseUrl,
            Gate = new RefusingGate(),
        });

        await Assert.ThrowsAsync<OperationCanceledException>(() => client.ListUsersAsync(new UserListQuery(10), CancellationToken.None));
        Assert.Empty(_stub.Server.LogEntries);
    }

    private void FailTwiceThen(IResponseBuilder failure)
    {
        var path = Request.Create().WithPath("/v1/organizations");
        _stub.Server.Given(path).InScenario(Scenario).WillSetStateTo("failed-once").RespondWith(failure);
        _stub.Server.Given(path).InScenario(Scenario).WhenStateIs("failed-once").WillSetStateTo("failed-twice").RespondWith(failure);
        _stub.Server.Given(path).InScenario(Scenario).WhenStateIs("failed-twice")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("""{"data":[{"id":"org_1"},{"id":"org_2"}],"total_count":2}"""));
    }

    private sealed class RefusingGate : IRequestGate
    {
        public ValueTask AcquireAsync(CancellationToken cancellationToken) => throw new OperationCanceledException("gate closed");
    }
}
