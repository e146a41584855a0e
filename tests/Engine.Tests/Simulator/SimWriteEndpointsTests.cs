using BatonClerk.Engine.Clerk;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Simulator;

/// <summary>The simulator's membership writes, driven by the real client, with Clerk's validation answers.</summary>
public sealed class SimWriteEndpointsTests : IDisposable
{
    private readonly ClerkSimulator _sim = ClerkSimulator.Start(new SimulatorOptions
    {
        DatasetOptions = new SimDatasetOptions { Users = 20, Organizations = 2, Seed = 3 },
    });

    private readonly ClerkClient _client;

    public SimWriteEndpointsTests()
    {
        _client = new ClerkClient(new ClerkClientOptions { SecretKey = _sim.SecretKey, BaseUrl = _sim.BaseUrl, MaxRetryAttempts = 0 });
    }

    public void Dispose()
    {
        _client.Dispose();
        _sim.Dispose();
    }

    [Fact]
    public async Task Writes_CreateChangeDelete_MutateTheDataset()
    {
        var (org, user) = NonMember();

        var created = await _client.CreateMembershipAsync(org, user, "org:member", CancellationToken.None);
        Assert.Equal("org:member", created.Role);
        Assert.Equal("org:member", (await _client.FindMembershipAsync(org, user, CancellationToken.None))?.Role);

        var changed = await _client.UpdateMembershipRoleAsync(org, user, "org:admin", CancellationToken.None);
        Assert.Equal("org:admin", changed.Role);
        Assert.Equal("org:admin", _sim.Dataset.MembershipsOf(org).Single(m => m.UserId == user).Role);

        await _client.DeleteMembershipAsync(org, user, CancellationToken.None);
        Assert.Null(await _client.FindMembershipAsync(org, user, CancellationToken.None));
        Assert.DoesNotContain(_sim.Dataset.MembershipsOf(org), m => m.UserId == user);
        Assert.Equal(3, _sim.RequestLog.CountWrites());
    }

    [Fact]
    public async Task Writes_InvalidRequests_AnswerAsClerkDoes()
    {
        var (org, user) = NonMember();
        var memberUser = _sim.Dataset.MembershipsOf(org)[0].UserId;

        var unknownUser = await Assert.ThrowsAsync<ClerkApiException>(() => _client.CreateMembershipAsync(org, "user_nope", "org:member", CancellationToken.None));
        var unknownRole = await Assert.ThrowsAsync<ClerkApiException>(() => _client.CreateMembershipAsync(org, user, "org:nope", CancellationToken.None));
        var already = await Assert.ThrowsAsync<ClerkApiException>(() => _client.CreateMembershipAsync(org, memberUser, "org:member", CancellationToken.None));
        var patchNonMember = await Assert.ThrowsAsync<ClerkApiException>(() => _client.UpdateMembershipRoleAsync(org, user, "org:admin", CancellationToken.None));
        var deleteNonMember = await Assert.ThrowsAsync<ClerkApiException>(() => _client.DeleteMembershipAsync(org, user, CancellationToken.None));
        var unknownOrg = await Assert.ThrowsAsync<ClerkApiException>(() => _client.GetOrganizationAsync("org_nope", CancellationToken.None));

        Assert.Equal(404, unknownUser.StatusCode);
        Assert.Equal(422, unknownRole.StatusCode);
        Assert.Equal(400, already.StatusCode);
        Assert.Contains("already_a_member_in_organization", already.ErrorCodes);
        Assert.Equal(404, patchNonMember.StatusCode);
        Assert.Equal(404, deleteNonMember.StatusCode);
        Assert.Equal(404, unknownOrg.StatusCode);
        Assert.DoesNotContain(_sim.Dataset.MembershipsOf(org), m => m.UserId == user);
    }

    [Fact]
    public async Task Reads_OrganizationAndRoleSet_NameTheDefaultRole()
    {
        var org = _sim.Dataset.Organizations[0].Id;

        var organization = await _client.GetOrganizationAsync(org, CancellationToken.None);
        var set = await _client.GetRoleSetAsync(organization.RoleSetKey!, CancellationToken.None);
        var user = await _client.GetUserAsync(_sim.Dataset.Users[0].Id, CancellationToken.None);

        Assert.Equal(org, organization.Id);
        Assert.Equal("org:member", set.DefaultRole?.Key);
        Assert.Equal(_sim.Dataset.Roles.Select(r => r.Key).Order(), set.Roles!.Select(r => r.Key).Order());
        Assert.Equal(_sim.Dataset.Users[0].Id, user.Id);
    }

    private (string Org, string User) NonMember()
    {
        var org = _sim.Dataset.Organizations[0].Id;
        return (org, _sim.Dataset.Users.First(u => _sim.Dataset.MembershipsOf(org).All(m => m.UserId != u.Id)).Id);
    }
}
