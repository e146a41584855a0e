using BatonClerk.Engine.Sync;

namespace BatonClerk.Engine.Tests.Sync;

public sealed class CodeWarmUpTests
{
    [Fact]
    public void Run_MadeUpPages_ParsesAndEncodesEveryUserAndMembershipGrant()
    {
        // The warm-up is only worth its thread if it really runs the page path the sync runs: a page of users
        // parsed and encoded to resource rows, and a page of memberships to member and role grants.
        var (resources, grants) = CodeWarmUp.Run(rounds: 2);

        Assert.Equal(10, resources);
        Assert.Equal(40, grants);
    }
}
