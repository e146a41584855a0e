using BatonClerk.Engine.Tests.Support;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using BatonClerk.Engine.Sync.Gate;

namespace BatonClerk.Engine.Tests.Sync.Gate;

public sealed class RateLimitGateSpecs() : TestKit(VirtualTime.Config)
{
    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    // Messages are processed asynchronously: wait until the gate has seen them before moving virtual time.
    private static void Settle(IActorRef gate) => gate.Ask<GateStatus>(GetGateStatus.Instance, TimeSpan.FromSeconds(3)).Wait();

    private IActorRef Gate(int perWindow) => Sys.ActorOf(RateLimitGate.Props(
        new RateLimitGateSettings(new RateBudget(perWindow, TimeSpan.FromSeconds(10))) { WindowMargin = TimeSpan.Zero }));

    [Fact]
    public void RequestPermit_OverTheWindowBudget_WaitsForTheWindowToSlide()
    {
        var gate = Gate(3);
        for (var i = 1; i <= 5; i++)
        {
            gate.Tell(new RequestPermit(i), TestActor);
        }

        ExpectMsg<PermitGranted>(p => p.Id == 1);
        ExpectMsg<PermitGranted>(p => p.Id == 2);
        ExpectMsg<PermitGranted>(p => p.Id == 3);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        for (var i = 1; i <= 3; i++)
        {
            gate.Tell(new ReleasePermit(i));
        }

        Settle(gate);

        Scheduler.Advance(TimeSpan.FromSeconds(9.9));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(TimeSpan.FromSeconds(0.1));
        ExpectMsg<PermitGranted>(p => p.Id == 4);
        ExpectMsg<PermitGranted>(p => p.Id == 5);
    }

    [Fact]
    public async Task AdoptPermits_HeadStartRequests_ArePartOfTheWindowBeforeAnyGrant()
    {
        var gate = Gate(3);
        gate.Tell(new AdoptPermits([101], [Scheduler.Now]));
        gate.Tell(new RequestPermit(1), TestActor);
        gate.Tell(new RequestPermit(2), TestActor);

        ExpectMsg<PermitGranted>(p => p.Id == 1);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        gate.Tell(new ReleasePermit(1));
        Settle(gate);
        Scheduler.Advance(TimeSpan.FromSeconds(10));
        // The ended one left the window; the adopted request still in flight holds its permit.
        ExpectMsg<PermitGranted>(p => p.Id == 2);
        var status = await gate.Ask<GateStatus>(GetGateStatus.Instance, TimeSpan.FromSeconds(3));
        Assert.Equal(4, status.Granted);
        Assert.Equal(2, status.InFlight);
    }

    [Fact]
    public void RateLimited_RetryAfter_PausesEveryWaitingRequest()
    {
        var gate = Gate(100);
        gate.Tell(new RateLimited(TimeSpan.FromSeconds(5)));
        var pagerA = CreateTestProbe();
        var pagerB = CreateTestProbe();
        gate.Tell(new RequestPermit(1), pagerA);
        gate.Tell(new RequestPermit(2), pagerB);
        pagerA.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        pagerB.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Settle(gate);

        Scheduler.Advance(TimeSpan.FromSeconds(4.9));
        pagerA.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(TimeSpan.FromSeconds(0.1));
        pagerA.ExpectMsg<PermitGranted>(p => p.Id == 1);
        pagerB.ExpectMsg<PermitGranted>(p => p.Id == 2);
    }

    [Fact]
    public void RateLimited_WithoutRetryAfter_UsesTheDefaultPause()
    {
        var gate = Sys.ActorOf(RateLimitGate.Props(new RateLimitGateSettings(new RateBudget(100, TimeSpan.FromSeconds(10)))
        {
            DefaultRetryAfter = TimeSpan.FromSeconds(7),
        }));
        gate.Tell(new RateLimited(null));
        gate.Tell(new RequestPermit(1), TestActor);
        Settle(gate);
        Scheduler.Advance(TimeSpan.FromSeconds(6.9));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(TimeSpan.FromSeconds(0.1));
        ExpectMsg<PermitGranted>();
    }

    [Fact]
    public void ReleasePermit_LateEnd_CountsTheWindowFromTheEnd()
    {
        var gate = Gate(1);
        gate.Tell(new RequestPermit(1), TestActor);
        ExpectMsg<PermitGranted>();
        gate.Tell(new RequestPermit(2), TestActor);
        Settle(gate);

        // The first request is still in flight after a whole window: the second must keep waiting.
        Scheduler.Advance(TimeSpan.FromSeconds(12));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        gate.Tell(new ReleasePermit(1));
        Settle(gate);
        Scheduler.Advance(TimeSpan.FromSeconds(9.9));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(TimeSpan.FromSeconds(0.1));
        ExpectMsg<PermitGranted>(p => p.Id == 2);
    }

    [Fact]
    public void RequestPermit_WaitingWithPriorities_ServesTheLowestFirstThenInArrivalOrder()
    {
        var gate = Gate(1);
        gate.Tell(new RequestPermit(1), TestActor);
        ExpectMsg<PermitGranted>(p => p.Id == 1);
        gate.Tell(new ReleasePermit(1));
        gate.Tell(new RequestPermit(2, GatePriority.Resources), TestActor);
        gate.Tell(new RequestPermit(3, GatePriority.Grants), TestActor);
        gate.Tell(new RequestPermit(4, GatePriority.Resources), TestActor);
        gate.Tell(new RequestPermit(5, GatePriority.Prerequisite), TestActor);
        gate.Tell(new RequestPermit(6, GatePriority.Grants), TestActor);
        Settle(gate);

        foreach (var expected in new long[] { 5, 3, 6, 2, 4 })
        {
            Scheduler.Advance(TimeSpan.FromSeconds(10));
            ExpectMsg<PermitGranted>(p => p.Id == expected);
            gate.Tell(new ReleasePermit(expected));
            Settle(gate);
        }
    }

    [Fact]
    public async Task RequestPermit_LaterPriorityWhileEarlierDemandIsAnnounced_LeavesTheWindowsLastPermitsToIt()
    {
        var gate = Gate(5);
        gate.Tell(new ReserveDemand(Pager: 7, GatePriority.Grants, Count: 3));
        for (var i = 1; i <= 4; i++)
        {
            gate.Tell(new RequestPermit(i, GatePriority.Resources), TestActor);
        }

        // Five permits, three kept for the memberships still to come: two users' requests go, two wait.
        ExpectMsg<PermitGranted>(p => p.Id == 1);
        ExpectMsg<PermitGranted>(p => p.Id == 2);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(3, (await gate.Ask<GateStatus>(GetGateStatus.Instance, TimeSpan.FromSeconds(3))).Reserved);

        // Each announced request, granted, uses its reservation up; a retry (no demand) does not.
        gate.Tell(new RequestPermit(10, GatePriority.Grants) { Demand = 7 }, TestActor);
        gate.Tell(new RequestPermit(11, GatePriority.Grants) { Demand = 7 }, TestActor);
        gate.Tell(new RequestPermit(12, GatePriority.Grants), TestActor);
        ExpectMsg<PermitGranted>(p => p.Id == 10);
        ExpectMsg<PermitGranted>(p => p.Id == 11);
        ExpectMsg<PermitGranted>(p => p.Id == 12);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, (await gate.Ask<GateStatus>(GetGateStatus.Instance, TimeSpan.FromSeconds(3))).Reserved);
        for (var id = 1; id <= 12; id++)
        {
            gate.Tell(new ReleasePermit(id));
        }

        Settle(gate);

        // The window slides: five free, one still kept, so the users' two waiting requests go.
        Scheduler.Advance(TimeSpan.FromSeconds(10));
        ExpectMsg<PermitGranted>(p => p.Id == 3);
        ExpectMsg<PermitGranted>(p => p.Id == 4);
    }

    [Fact]
    public void ReleaseDemand_StoppedPager_FreesWhatItKept()
    {
        var gate = Gate(2);
        gate.Tell(new ReserveDemand(Pager: 3, GatePriority.Grants, Count: 50));
        gate.Tell(new RequestPermit(1, GatePriority.Resources), TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(150));

        gate.Tell(new ReleaseDemand(3));
        ExpectMsg<PermitGranted>(p => p.Id == 1);
    }

    [Fact]
    public void RequestPermit_HeldBackUntilTheWindowSlides_IsGrantedWithoutAnotherMessage()
    {
        var gate = Gate(2);
        gate.Tell(new RequestPermit(1), TestActor);
        ExpectMsg<PermitGranted>(p => p.Id == 1);
        gate.Tell(new ReleasePermit(1));
        gate.Tell(new ReserveDemand(Pager: 4, GatePriority.Prerequisite, Count: 1));
        gate.Tell(new RequestPermit(2, GatePriority.Grants), TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Settle(gate);

        // Only the first permit leaving the window frees one more than the reservation keeps.
        Scheduler.Advance(TimeSpan.FromSeconds(10));
        ExpectMsg<PermitGranted>(p => p.Id == 2);
    }

    [Fact]
    public async Task WithdrawPermit_QueuedLowPriorityRequest_IsNeverGranted()
    {
        var gate = Gate(1);
        gate.Tell(new RequestPermit(1), TestActor);
        ExpectMsg<PermitGranted>();
        gate.Tell(new ReleasePermit(1));
        gate.Tell(new RequestPermit(2, GatePriority.Resources), TestActor);
        gate.Tell(new WithdrawPermit(2));
        gate.Tell(new RequestPermit(3, GatePriority.Resources), TestActor);
        Settle(gate);
        Assert.Equal(1, (await gate.Ask<GateStatus>(GetGateStatus.Instance, TimeSpan.FromSeconds(3))).Waiting);
        Scheduler.Advance(TimeSpan.FromSeconds(10));
        ExpectMsg<PermitGranted>(p => p.Id == 3);
    }

    [Fact]
    public void WithdrawPermit_QueuedRequest_IsNeverGranted()
    {
        var gate = Gate(1);
        gate.Tell(new RequestPermit(1), TestActor);
        ExpectMsg<PermitGranted>();
        gate.Tell(new ReleasePermit(1));
        gate.Tell(new RequestPermit(2), TestActor);
        gate.Tell(new WithdrawPermit(2));
        gate.Tell(new RequestPermit(3), TestActor);
        Settle(gate);
        Scheduler.Advance(TimeSpan.FromSeconds(10));
        ExpectMsg<PermitGranted>(p => p.Id == 3);
        Scheduler.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void GetGateStatus_CountsGrantsAndRateLimits()
    {
        var gate = Gate(10);
        gate.Tell(new RequestPermit(1), TestActor);
        ExpectMsg<PermitGranted>();
        gate.Tell(new RateLimited(TimeSpan.FromSeconds(1)));
        gate.Tell(GetGateStatus.Instance, TestActor);
        var status = ExpectMsg<GateStatus>();
        Assert.Equal(1, status.Granted);
        Assert.Equal(1, status.RateLimited);
    }
}
