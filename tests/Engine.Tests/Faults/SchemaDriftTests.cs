using BatonClerk.Engine.Tests.Support;
using BatonClerk.Simulator;

namespace BatonClerk.Engine.Tests.Faults;

/// <summary>
/// A newer or sloppier Clerk: unknown fields in every object and null where the sync has no use for a value (users,
/// email addresses, organizations, roles, permissions, memberships and their embedded organization and user data).
/// </summary>
public sealed class SchemaDriftTests : FaultSuite
{
    [Theory]
    [InlineData("instance")]
    [InlineData("per-organization")]
    public async Task Sync_UnknownFieldsAndNullsInEveryObjectKind_WritesTheRightRows(string membershipStrategy)
    {
        using var sim = Simulator(users: 300, orgs: 8);
        sim.SchemaDrift = true;

        var r = await Sync(sim, "--membership-strategy", membershipStrategy);

        Succeeded(r);
        var paths = sim.RequestLog.CountByPath();
        Assert.Contains("/organization_roles", paths.Keys);
        Assert.Contains("/organization_permissions", paths.Keys);
        Assert.Contains(paths.Keys, p => p.EndsWith("memberships", StringComparison.Ordinal));
        C1zAssert.MatchesDataset(sim.Dataset, File);
    }
}
