using BatonClerk.Engine.Sync;

namespace BatonClerk.Engine.Tests.Sync;

public sealed class CodeWarmUpTests
{
    [Fact]
    public void Run_MadeUpPages_ParsesAndEncodesEveryOrganizationUserAndMembershipGrant()
    {
        // The warm-up is only worth its thread if it really runs the page path the sync runs: a page of
        // organizations to resources and their member and role entitlements, a page of users parsed and encoded to
        // resource rows, and a page of memberships to member and role grants.
        var rows = CodeWarmUp.Run(rounds: 2);

        Assert.Equal(10, rows.OrganizationResources);
        Assert.Equal(10 * 3, rows.OrganizationEntitlements);
        Assert.Equal(10, rows.UserResources);
        Assert.Equal(40, rows.Grants);
    }
}
