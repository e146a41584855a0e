using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Planning;

namespace BatonClerk.Engine.Tests.Sync.Planning;

public sealed class MembershipPlannerTests
{
    [Fact]
    public void Plan_ManySmallOrganizations_PicksInstanceList()
    {
        var plan = MembershipPlanner.Plan(MembershipStrategy.Auto, [.. Enumerable.Repeat(3, 1000)], 500);
        Assert.Equal(MembershipStrategy.Instance, plan.Strategy);
        Assert.Equal(6, plan.InstanceRequests);
        Assert.Equal(1000, plan.PerOrganizationRequests);
    }

    [Fact]
    public void Plan_NoMembers_StillPicksTheInstanceListAtOneRequest()
    {
        // Auto starts before the counts are known, so it cannot pick the per-organization lists' zero requests.
        var plan = MembershipPlanner.Plan(MembershipStrategy.Auto, [0, 0, 0], 500);
        Assert.Equal(MembershipStrategy.Instance, plan.Strategy);
        Assert.Equal(1, plan.InstanceRequests);
        Assert.Equal(0, plan.PerOrganizationRequests);
    }

    [Fact]
    public void Plan_Forced_IsHonouredEvenWhenCostlier()
    {
        var plan = MembershipPlanner.Plan(MembershipStrategy.PerOrganization, [1, 1, 1, 1], 500);
        Assert.Equal(MembershipStrategy.PerOrganization, plan.Strategy);
        Assert.Equal(4, plan.PerOrganizationRequests);
    }

    [Fact]
    public void Plan_OneBigOrganization_TiesGoToInstance()
    {
        var plan = MembershipPlanner.Plan(MembershipStrategy.Auto, [1200, 0], 500);
        Assert.Equal(3, plan.InstanceRequests);
        Assert.Equal(3, plan.PerOrganizationRequests);
        Assert.Equal(MembershipStrategy.Instance, plan.Strategy);
    }
}
