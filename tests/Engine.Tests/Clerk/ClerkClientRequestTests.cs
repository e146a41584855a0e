using BatonClerk.Engine.Clerk;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace BatonClerk.Engine.Tests.Clerk;

public sealed class ClerkClientRequestTests : IDisposable
{
    private const string UserJson = """
        {"id":"user_1","object":"user","username":"zoë","first_name":"Zoë","last_name":null,
         "primary_email_address_id":"idn_2","email_addresses":[{"id":"idn_1","email_address":"a@x.test"},{"id":"idn_2","email_address":"b@x.test"}],
         "two_factor_enabled":true,"banned":true,"locked":false,"created_at":1700000000000,"updated_at":1700000000001,
         "last_sign_in_at":null,"public_metadata":{"a":1},"private_metadata":{"s":"PRIVATE-MARKER"},"some_future_field":[1,2]}
        """;

    private const string OrgJson = """{"object":"organization","id":"org_1","name":"Acme","slug":"acme","members_count":3,"max_allowed_memberships":0,"created_at":1,"updated_at":2,"public_metadata":{}}""";
    private const string PermissionJson = """{"object":"permission","id":"perm_1","name":"Read","key":"org:sys_memberships:read","description":"d","type":"system","created_at":1,"updated_at":2}""";

    private readonly ClerkStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public async Task ListUsersAsync_FirstPage_SendsHeadersAndPlainIntegers()
    {
        Stub("/v1/users", $"[{UserJson}]");
        using var client = _stub.Client();

        var page = await client.ListUsersAsync(new UserListQuery(500, 1000), CancellationToken.None);

        var request = SingleRequest();
        Assert.Equal("limit=500&offset=1000&order_by=%2Bcreated_at", request.RawQuery?.TrimStart('?'));
        Assert.Equal("Bearer " + ClerkStub.Key, Header(request, "Authorization"));
        Assert.Equal("2026-05-12", Header(request, "Clerk-API-Version"));
        Assert.StartsWith("baton-clerk-dotnet/", Header(request, "User-Agent"), StringComparison.Ordinal);
        Assert.Null(page.TotalCount);
        var user = Assert.Single(page.Items);
        Assert.Equal("user_1", user.Id);
        Assert.Equal("Zoë", user.FirstName);
        Assert.Null(user.LastName);
        Assert.Equal("idn_2", user.PrimaryEmailAddressId);
        Assert.Equal(2, user.EmailAddresses!.Count);
        Assert.True(user.Banned);
        Assert.True(user.TwoFactorEnabled);
        Assert.Null(user.LastSignInAt);
        Assert.Equal(1, user.PublicMetadata!.Value.GetProperty("a").GetInt32());
    }

    [Fact]
    public async Task ListUsersAsync_Cursor_SendsStartingAfterAndCreatedAtFilters()
    {
        Stub("/v1/users", "[]");
        using var client = _stub.Client();

        await client.ListUsersAsync(
            new UserListQuery(200) { StartingAfter = "user_abc", CreatedAtAfter = 1000, CreatedAtBefore = 2000 }, CancellationToken.None);

        Assert.Equal("limit=200&offset=0&order_by=%2Bcreated_at&starting_after=user_abc&created_at_after=1000&created_at_before=2000",
            SingleRequest().RawQuery?.TrimStart('?'));
    }

    [Fact]
    public async Task ListUsersAsync_NullOrderBy_SendsNoOrderBy()
    {
        Stub("/v1/users", "[]");
        using var client = _stub.Client();

        await client.ListUsersAsync(new UserListQuery(10, 0, OrderBy: null), CancellationToken.None);

        Assert.Equal("limit=10&offset=0", SingleRequest().RawQuery?.TrimStart('?'));
    }

    [Fact]
    public async Task ListUsersAsync_CursorWithOffset_ThrowsBeforeSending()
    {
        using var client = _stub.Client();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            client.ListUsersAsync(new UserListQuery(10, 5) { StartingAfter = "user_1" }, CancellationToken.None));
        Assert.Empty(_stub.Server.LogEntries);
    }

    [Theory]
    [InlineData(501)]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task ListAsync_LimitOutOfRange_ThrowsWithoutSending(int limit)
    {
        using var client = _stub.Client();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListUsersAsync(new UserListQuery(limit), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListOrganizationsAsync(new PageQuery(limit, 0), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListInstanceMembershipsAsync(new PageQuery(limit, 0), CancellationToken.None));
        Assert.Empty(_stub.Server.LogEntries);
        Assert.Equal(0, _stub.Gate.Count);
    }

    [Fact]
    public async Task ListAsync_NegativeOffset_ThrowsWithoutSending()
    {
        using var client = _stub.Client();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListRolesAsync(new PageQuery(10, -1), CancellationToken.None));
        Assert.Empty(_stub.Server.LogEntries);
    }

    [Fact]
    public async Task CountUsersAsync_Filters_SendsOnlyFiltersAndReadsTotal()
    {
        Stub("/v1/users/count", """{"object":"total_count","total_count":1234}""");
        using var client = _stub.Client();

        var count = await client.CountUsersAsync(new UserCountQuery(5, 9), CancellationToken.None);

        Assert.Equal(1234, count);
        Assert.Equal("created_at_after=5&created_at_before=9", SingleRequest().RawQuery?.TrimStart('?'));
    }

    [Fact]
    public async Task CountUsersAsync_NegativeTotal_ReturnsMinusOne()
    {
        Stub("/v1/users/count", """{"object":"total_count","total_count":-9007199254740991}""");
        using var client = _stub.Client();

        Assert.Equal(-1, await client.CountUsersAsync(new UserCountQuery(), CancellationToken.None));
        Assert.True(string.IsNullOrEmpty(SingleRequest().RawQuery?.TrimStart('?')));
    }

    [Fact]
    public async Task ListOrganizationsAsync_MembersCount_SendsFlagAndParsesPage()
    {
        Stub("/v1/organizations", $$"""{"data":[{{OrgJson}}],"total_count":7}""");
        using var client = _stub.Client();

        var page = await client.ListOrganizationsAsync(
            new PageQuery(500, 0, "-created_at") { IncludeMembersCount = true }, CancellationToken.None);

        Assert.Equal("limit=500&offset=0&order_by=-created_at&include_members_count=true", SingleRequest().RawQuery?.TrimStart('?'));
        Assert.Equal(7, page.TotalCount);
        var org = Assert.Single(page.Items);
        Assert.Equal(("org_1", "Acme", "acme", (int?)3), (org.Id, org.Name, org.Slug, org.MembersCount));
    }

    [Fact]
    public async Task ListRolesAsync_Page_ParsesEmbeddedPermissions()
    {
        Stub("/v1/organization_roles",
            $$"""{"data":[{"object":"role","id":"role_1","name":"Admin","key":"org:admin","description":null,"is_creator_eligible":true,"permissions":[{{PermissionJson}}],"created_at":1,"updated_at":2}],"total_count":1}""");
        using var client = _stub.Client();

        var page = await client.ListRolesAsync(new PageQuery(500, 0), CancellationToken.None);

        Assert.Equal("limit=500&offset=0&order_by=%2Bcreated_at", SingleRequest().RawQuery?.TrimStart('?'));
        var role = Assert.Single(page.Items);
        Assert.Equal("org:admin", role.Key);
        Assert.Equal("org:sys_memberships:read", Assert.Single(role.Permissions!).Key);
        Assert.Equal(1, page.TotalCount);
    }

    [Fact]
    public async Task ListPermissionsAsync_Page_Parses()
    {
        Stub("/v1/organization_permissions", $$"""{"data":[{{PermissionJson}}],"total_count":1}""");
        using var client = _stub.Client();

        var page = await client.ListPermissionsAsync(new PageQuery(100, 0), CancellationToken.None);

        Assert.Equal("system", Assert.Single(page.Items).Type);
    }

    [Fact]
    public async Task ListOrganizationMembershipsAsync_OrgId_IsEscapedInPathAndParsed()
    {
        var membership = $$"""{"object":"organization_membership","id":"orgmem_1","role":"org:admin","permissions":[],"public_metadata":{},"organization":{{OrgJson}},"public_user_data":{"user_id":"user_9","identifier":"a@x.test","has_image":false,"image_url":""},"created_at":5,"updated_at":6}""";
        Stub("/v1/organizations/org_1/memberships", $$"""{"data":[{{membership}}],"total_count":1}""");
        using var client = _stub.Client();

        var page = await client.ListOrganizationMembershipsAsync("org_1", new PageQuery(500, 500), CancellationToken.None);

        Assert.Equal("limit=500&offset=500&order_by=%2Bcreated_at", SingleRequest().RawQuery?.TrimStart('?'));

        // offset 500 + 1 item exceeds total_count 1: inconsistent, so no total.
        Assert.Null(page.TotalCount);
        var m = Assert.Single(page.Items);
        Assert.Equal(("orgmem_1", "org:admin", "user_9", "org_1"), (m.Id, m.Role, m.PublicUserData!.UserId, m.Organization!.Id));
    }

    [Fact]
    public async Task ListOrganizationMembershipsAsync_EmptyOrgId_Throws()
    {
        using var client = _stub.Client();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            client.ListOrganizationMembershipsAsync(" ", new PageQuery(10, 0), CancellationToken.None));
    }

    [Fact]
    public async Task ListInstanceMembershipsAsync_NegativeTotal_GivesNullTotal()
    {
        Stub("/v1/organization_memberships", """{"data":[],"total_count":-9007199254740991}""");
        using var client = _stub.Client();

        var page = await client.ListInstanceMembershipsAsync(new PageQuery(500, 0), CancellationToken.None);

        Assert.Null(page.TotalCount);
        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task ListAsync_BaseUrlWithoutV1_AppendsPathsDirectly()
    {
        _stub.Server.Given(Request.Create().WithPath("/organizations").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("""{"data":[],"total_count":0}"""));
        using var client = new ClerkClient(new ClerkClientOptions { SecretKey = ClerkStub.Key, BaseUrl = _stub.Server.Urls[0] });

        var page = await client.ListOrganizationsAsync(new PageQuery(1, 0), CancellationToken.None);

        Assert.Equal(0, page.TotalCount);
    }

    [Fact]
    public async Task ListAsync_IncludeMembersCountOutsideOrganizations_Throws()
    {
        using var client = _stub.Client();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            client.ListRolesAsync(new PageQuery(10, 0) { IncludeMembersCount = true }, CancellationToken.None));
    }

    private void Stub(string path, string body) =>
        _stub.Server.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

    private IRequestMessage SingleRequest() => Assert.Single(_stub.Logged(1)).RequestMessage!;

    private static string? Header(IRequestMessage request, string name) =>
        request.Headers!.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}
