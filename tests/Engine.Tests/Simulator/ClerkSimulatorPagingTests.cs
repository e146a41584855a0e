using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Clerk.Models;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Simulator;

/// <summary>Paging through the simulator with the real client returns exactly the generated dataset.</summary>
public sealed class ClerkSimulatorPagingTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private ClerkSimulator Sim => fixture.Simulator;
    private SimSnapshot Data => fixture.Simulator.Dataset.Snapshot;

    [Fact]
    public async Task ListUsersAsync_OffsetPaging_ReturnsEveryUserWithFields()
    {
        using var client = SimPaging.Client(Sim);

        var users = await SimPaging.All(o => client.ListUsersAsync(new UserListQuery(100, o), CancellationToken.None), 100);

        Assert.Equal(Data.Users.Select(u => u.Id), users.Select(u => u.Id));
        foreach (var (expected, actual) in Data.Users.Zip(users))
        {
            AssertSameUser(expected, actual);
        }
    }

    [Fact]
    public async Task ListUsersAsync_Descending_ReturnsNewestFirst()
    {
        using var client = SimPaging.Client(Sim);

        var users = await SimPaging.All(o => client.ListUsersAsync(new UserListQuery(500, o, "-created_at"), CancellationToken.None), 500);

        Assert.Equal(Data.Users.Reverse().Select(u => u.Id), users.Select(u => u.Id));
    }

    [Theory]
    [InlineData("+created_at")]
    [InlineData("-created_at")]
    public async Task ListUsersAsync_CursorPaging_MatchesOffsetPaging(string order)
    {
        using var client = SimPaging.Client(Sim);

        var users = await SimPaging.UsersByCursor(client, 111, order);

        var expected = order[0] == '+' ? Data.Users : Data.Users.Reverse();
        Assert.Equal(expected.Select(u => u.Id), users.Select(u => u.Id));
    }

    [Fact]
    public async Task ListUsersAsync_CreatedAtWindow_MatchesFilterAndCount()
    {
        using var client = SimPaging.Client(Sim);
        var after = Data.Users[100].CreatedAt;
        var before = Data.Users[700].CreatedAt;

        var users = await SimPaging.UsersByCursor(client, 250, after: after, before: before);
        var count = await client.CountUsersAsync(new UserCountQuery(after, before), CancellationToken.None);

        var expected = Data.Users.Where(u => u.CreatedAt > after && u.CreatedAt < before).Select(u => u.Id).ToList();
        Assert.Equal(599, expected.Count);
        Assert.Equal(expected, users.Select(u => u.Id));
        Assert.Equal(expected.Count, count);
    }

    [Fact]
    public async Task CountUsersAsync_NoFilter_IsUserCount()
    {
        using var client = SimPaging.Client(Sim);

        Assert.Equal(1234, await client.CountUsersAsync(new UserCountQuery(), CancellationToken.None));
    }

    [Fact]
    public async Task ListOrganizationsAsync_WithMembersCount_ReturnsEveryOrganization()
    {
        using var client = SimPaging.Client(Sim);

        var orgs = await SimPaging.All(o => client.ListOrganizationsAsync(new PageQuery(7, o) { IncludeMembersCount = true }, CancellationToken.None), 7);

        Assert.Equal(Data.Organizations.Select(o => (o.Id, o.Name, o.Slug, o.CreatedAt, (int?)Data.MembershipsOf(o.Id).Count)),
            orgs.Select(o => (o.Id, o.Name!, o.Slug!, o.CreatedAt, o.MembersCount)));
    }

    [Fact]
    public async Task ListOrganizationsAsync_WithoutMembersCount_LeavesItNull()
    {
        using var client = SimPaging.Client(Sim);

        var page = await client.ListOrganizationsAsync(new PageQuery(500, 0), CancellationToken.None);

        Assert.Equal(40, page.TotalCount);
        Assert.All(page.Items, o => Assert.Null(o.MembersCount));
    }

    [Fact]
    public async Task ListRolesAndPermissions_ReturnEveryRowWithEmbeddedPermissions()
    {
        using var client = SimPaging.Client(Sim);

        var roles = await SimPaging.All(o => client.ListRolesAsync(new PageQuery(2, o), CancellationToken.None), 2);
        var permissions = await SimPaging.All(o => client.ListPermissionsAsync(new PageQuery(3, o), CancellationToken.None), 3);

        Assert.Equal(Data.Roles.Select(r => (r.Id, r.Key, string.Join(",", r.PermissionKeys))),
            roles.Select(r => (r.Id, r.Key, string.Join(",", r.Permissions!.Select(p => p.Key)))));
        Assert.Equal(Data.Permissions.Select(p => (p.Id, p.Key, p.Type)), permissions.Select(p => (p.Id, p.Key, p.Type!)));
    }

    [Fact]
    public async Task ListOrganizationMembershipsAsync_EachOrganization_ReturnsItsMembers()
    {
        using var client = SimPaging.Client(Sim);

        foreach (var org in Data.Organizations)
        {
            var members = await SimPaging.All(
                o => client.ListOrganizationMembershipsAsync(org.Id, new PageQuery(500, o), CancellationToken.None), 500);

            Assert.Equal(Data.MembershipsOf(org.Id).Select(m => (m.Id, m.UserId, m.Role, org.Id)),
                members.Select(m => (m.Id, m.PublicUserData!.UserId!, m.Role!, m.Organization!.Id)));
        }
    }

    [Fact]
    public async Task ListInstanceMembershipsAsync_OffsetPaging_ReturnsEveryMembershipWithTotal()
    {
        using var client = SimPaging.Client(Sim);
        long? total = null;

        var members = await SimPaging.All(async o =>
        {
            var page = await client.ListInstanceMembershipsAsync(new PageQuery(500, o), CancellationToken.None);
            total ??= page.TotalCount;
            return page;
        }, 500);

        Assert.Equal(Data.Memberships.Count, total);
        Assert.Equal(Data.Memberships.Select(m => (m.Id, m.UserId, m.OrganizationId, m.Role, m.CreatedAt)),
            members.Select(m => (m.Id, m.PublicUserData!.UserId!, m.Organization!.Id, m.Role!, m.CreatedAt)));
    }

    private static void AssertSameUser(SimUser expected, ClerkUser actual)
    {
        Assert.Equal(expected.FirstName, actual.FirstName);
        Assert.Equal(expected.LastName, actual.LastName);
        Assert.Equal(expected.Username, actual.Username);
        Assert.Equal(expected.ExternalId, actual.ExternalId);
        Assert.Equal(expected.PrimaryEmailAddressId, actual.PrimaryEmailAddressId);
        Assert.Equal(expected.EmailAddresses.Select(e => (e.Id, e.Address)),
            actual.EmailAddresses!.Select(e => (e.Id!, e.EmailAddress!)));
        Assert.Equal((expected.Banned, expected.Locked, expected.TwoFactorEnabled), (actual.Banned, actual.Locked, actual.TwoFactorEnabled));
        Assert.Equal((expected.CreatedAt, expected.UpdatedAt, expected.LastSignInAt), (actual.CreatedAt, actual.UpdatedAt, actual.LastSignInAt));
    }
}
