using System.Net.Http.Headers;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Simulator;

/// <summary>
/// Benchmark mode serves GETs from pre-encoded bytes and past WireMock; what a client receives must not change,
/// or the benchmark would measure a different Clerk than the tests do.
/// </summary>
public sealed class ClerkSimulatorPreEncodedTests : IDisposable
{
    private readonly ClerkSimulator _plain;
    private readonly ClerkSimulator _encoded;
    private readonly HttpClient _http = new();

    public ClerkSimulatorPreEncodedTests()
    {
        var dataset = new SimDatasetOptions { Users = 120, Organizations = 6, Memberships = 40, Seed = 5 };
        _plain = ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = dataset, SecretKey = "sk_test_same" });
        _encoded = ClerkSimulator.Start(new SimulatorOptions { DatasetOptions = dataset, SecretKey = "sk_test_same" });
        _encoded.PreEncoded = true;
    }

    public void Dispose()
    {
        _http.Dispose();
        _plain.Dispose();
        _encoded.Dispose();
    }

    [Theory]
    [InlineData("/users?limit=50&offset=30&order_by=-created_at")]
    [InlineData("/organization_memberships?limit=25&offset=5")]
    [InlineData("/organizations?limit=3&include_members_count=true")]
    [InlineData("/organization_roles?limit=10")]
    [InlineData("/users?limit=501")]
    [InlineData("/organizations/org_missing/memberships?limit=10")]
    [InlineData("/nowhere")]
    public async Task Get_PreEncoded_AnswersAsWireMockDoes(string pathAndQuery)
    {
        var plain = await GetAsync(_plain, pathAndQuery, _plain.SecretKey);
        var encoded = await GetAsync(_encoded, pathAndQuery, _encoded.SecretKey);

        Assert.Equal(plain.Status, encoded.Status);
        Assert.Equal(plain.ContentType, encoded.ContentType);
        Assert.Equal(plain.Body, encoded.Body);
        Assert.StartsWith("sim_trace_", encoded.TraceId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_PreEncodedUserAddedAfterTheWarmUp_IsEncodedInsideThePageIntact()
    {
        // The new user was not encoded up front: its bytes are written on first use, from inside the page's own write.
        var added = _encoded.Dataset.AddUser("Late", "Comer");

        var answer = await GetAsync(_encoded, "/users?limit=500&order_by=-created_at", _encoded.SecretKey);

        Assert.Equal(200, answer.Status);
        using var page = System.Text.Json.JsonDocument.Parse(answer.Body);
        var ids = page.RootElement.EnumerateArray().Select(u => u.GetProperty("id").GetString()).ToList();
        Assert.Equal(121, ids.Count);
        Assert.Equal(added.Id, ids[0]);
    }

    [Fact]
    public async Task Get_PreEncodedWrongKey_Answers401AndIsLogged()
    {
        var answer = await GetAsync(_encoded, "/users?limit=1", "sk_test_wrong");

        Assert.Equal(401, answer.Status);
        Assert.Contains(_encoded.RequestLog.Entries, r => r.Path == "/users" && r.Status == 401);
    }

    [Fact]
    public async Task Get_PreEncodedOverRateLimit_Answers429WithRetryAfter()
    {
        _encoded.RateLimit = new SimRateLimit(1, TimeSpan.FromSeconds(10));

        var first = await GetAsync(_encoded, "/users?limit=1", _encoded.SecretKey);
        var second = await GetAsync(_encoded, "/users?limit=1", _encoded.SecretKey);

        Assert.Equal(200, first.Status);
        Assert.Equal(429, second.Status);
        Assert.NotNull(second.RetryAfter);
    }

    private async Task<Answer> GetAsync(ClerkSimulator sim, string pathAndQuery, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, sim.BaseUrl + pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body,
            response.Headers.TryGetValues("Clerk-Trace-Id", out var trace) ? trace.Single() : null,
            response.Headers.RetryAfter?.ToString());
    }

    private sealed record Answer(int Status, string? ContentType, byte[] Body, string? TraceId, string? RetryAfter);
}
