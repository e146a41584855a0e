using BatonClerk.Engine.Clerk;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace BatonClerk.Engine.Tests.Clerk;

/// <summary>GET of one object, the requests of a targeted sync.</summary>
public sealed class ClerkClientObjectTests : IDisposable
{
    private readonly ClerkStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public async Task GetOrganizationAsync_Found_AsksForTheMembersCountAndParsesIt()
    {
        Stub("/v1/organizations/org_1", 200, """{"object":"organization","id":"org_1","name":"Acme","slug":"acme","members_count":3,"created_at":1}""");
        using var client = _stub.Client();

        var organization = await client.GetOrganizationAsync("org_1", CancellationToken.None);

        Assert.Equal("org_1", organization.Id);
        Assert.Equal("Acme", organization.Name);
        Assert.Equal(3, organization.MembersCount);
        var request = Assert.Single(_stub.Logged(1)).RequestMessage!;
        Assert.Equal("include_members_count=true", request.RawQuery?.TrimStart('?'));
        Assert.Equal(1, _stub.Gate.Count);
    }

    [Fact]
    public async Task GetUserAsync_IdWithReservedCharacters_EscapesThePathSegment()
    {
        _stub.Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/v1/users/*")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"id":"x","object":"user","created_at":1}"""));
        using var client = _stub.Client();

        await client.GetUserAsync("user/1?x", CancellationToken.None);

        var request = Assert.Single(_stub.Logged(1)).RequestMessage!;
        Assert.Equal("/v1/users/user%2F1%3Fx", new Uri(request.AbsoluteUrl).AbsolutePath);
        Assert.True(string.IsNullOrEmpty(request.RawQuery), "the id must not leak into the query");
    }

    [Fact]
    public async Task GetUserAsync_Missing_ThrowsNotFound()
    {
        Stub("/v1/users/user_gone", 404, """{"errors":[{"code":"resource_not_found","message":"not found"}]}""");
        using var client = _stub.Client(maxRetries: 0);

        var error = await Assert.ThrowsAsync<ClerkApiException>(() => client.GetUserAsync("user_gone", CancellationToken.None));

        Assert.Equal(ClerkErrorKind.NotFound, error.Kind);
        Assert.Equal(404, error.StatusCode);
    }

    private void Stub(string path, int status, string body) =>
        _stub.Server.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
}
