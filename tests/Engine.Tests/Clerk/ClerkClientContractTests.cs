using BatonClerk.Engine.Clerk;

namespace BatonClerk.Engine.Tests.Clerk;

/// <summary>
/// Every client call, with the parameters the sync sends, against Prism serving the official spec: any request
/// violation or 422 means the client builds requests the real API could reject.
/// </summary>
public sealed class ClerkClientContractTests(PrismFixture prism) : IClassFixture<PrismFixture>
{
    public static TheoryData<string> Calls => [.. CallTable.Keys];

    private static readonly Dictionary<string, Func<ClerkClient, Task>> CallTable = new()
    {
        ["users first page"] = c => c.ListUsersAsync(new UserListQuery(500), CancellationToken.None),
        ["users offset"] = c => c.ListUsersAsync(new UserListQuery(500, 1500), CancellationToken.None),
        ["users newest first"] = c => c.ListUsersAsync(new UserListQuery(500, 0, "-created_at"), CancellationToken.None),
        ["users cursor"] = c => c.ListUsersAsync(new UserListQuery(500) { StartingAfter = "user_2abc" }, CancellationToken.None),
        ["users window"] = c => c.ListUsersAsync(
            new UserListQuery(500) { StartingAfter = "user_2abc", CreatedAtAfter = 1_600_000_000_000, CreatedAtBefore = 1_700_000_000_000 },
            CancellationToken.None),
        ["users count"] = c => c.CountUsersAsync(new UserCountQuery(), CancellationToken.None),
        ["users count window"] = c => c.CountUsersAsync(new UserCountQuery(1_600_000_000_000, 1_700_000_000_000), CancellationToken.None),
        ["organizations"] = c => c.ListOrganizationsAsync(new PageQuery(500, 0) { IncludeMembersCount = true }, CancellationToken.None),
        ["organizations offset"] = c => c.ListOrganizationsAsync(new PageQuery(500, 1000, "-created_at"), CancellationToken.None),
        ["roles"] = c => c.ListRolesAsync(new PageQuery(500, 0), CancellationToken.None),
        ["permissions"] = c => c.ListPermissionsAsync(new PageQuery(500, 500), CancellationToken.None),
        ["organization memberships"] = c => c.ListOrganizationMembershipsAsync("org_2abc", new PageQuery(500, 0), CancellationToken.None),
        ["instance memberships"] = c => c.ListInstanceMembershipsAsync(new PageQuery(500, 2000), CancellationToken.None),
        ["no order_by"] = c => c.ListInstanceMembershipsAsync(new PageQuery(1, 0, null), CancellationToken.None),
        ["organization"] = c => c.GetOrganizationAsync("org_2abc", CancellationToken.None),
        ["user"] = c => c.GetUserAsync("user_2abc", CancellationToken.None),
        ["role set"] = c => c.GetRoleSetAsync("default", CancellationToken.None),
        ["membership of one user"] = c => c.FindMembershipAsync("org_2abc", "user_2abc", CancellationToken.None),
        ["create membership"] = c => c.CreateMembershipAsync("org_2abc", "user_2abc", "org:member", CancellationToken.None),
        ["change membership role"] = c => c.UpdateMembershipRoleAsync("org_2abc", "user_2abc", "org:admin", CancellationToken.None),
        ["delete membership"] = c => c.DeleteMembershipAsync("org_2abc", "user_2abc", CancellationToken.None),
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Call_AgainstOfficialSpec_HasNoRequestViolations(string call)
    {
        EnsurePrism();
        using var client = prism.Client();
        var before = prism.Recorder.Seen.Count;

        var failure = await Record.ExceptionAsync(() => CallTable[call](client));

        var exchanges = prism.Recorder.Seen.Skip(before).ToList();
        var exchange = Assert.Single(exchanges);
        Assert.True(exchange.RequestViolations.Count == 0,
            $"{exchange.Uri}: Prism reports request violations: {string.Join("; ", exchange.RequestViolations)}");
        Assert.NotEqual(422, exchange.Status);
        Assert.True(failure is null, $"{exchange.Uri} -> {exchange.Status}: {failure}");
    }

    [Fact]
    public async Task Prism_MembershipWriteWithoutRole_IsRejected()
    {
        // The write bodies are checked too: a POST missing the required role is refused by the same mock.
        EnsurePrism();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, prism.BaseUrl + "/organizations/org_2abc/memberships")
        {
            Content = new StringContent("""{"user_id":"user_2abc"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", PrismFixture.Key);

        using var response = await http.SendAsync(request);

        Assert.Equal(422, (int)response.StatusCode);
    }

    [Fact]
    public async Task Prism_LimitAboveMaximum_IsRejected()
    {
        // Proves the check above has teeth: the same mock refuses what the client refuses to send.
        EnsurePrism();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, prism.BaseUrl + "/users?limit=501");
        request.Headers.Authorization = new("Bearer", PrismFixture.Key);

        using var response = await http.SendAsync(request);

        Assert.Equal(422, (int)response.StatusCode);
    }

    private void EnsurePrism()
    {
        if (prism.StartError is { } error)
        {
            Assert.Fail(error);
        }
    }
}
