using Akka.TestKit.Xunit2;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Sync;
using BatonClerk.Engine.Sync.Gate;
using BatonClerk.Engine.Sync.Pagers;
using BatonClerk.Engine.Sync.Uploader;
using BatonClerk.Engine.Tests.Support;

namespace BatonClerk.Engine.Tests.Sync.Pagers;

public sealed class PagerActorSpecs() : TestKit("akka.loglevel = WARNING")
{
    /// <summary>Users pages whose CPU work waits for its turn as the Clerk client's does, recording who got it.</summary>
    private sealed class TurnRecordingPager(List<string> order) : IPagerDefinition
    {
        public string Name => UsersPager.PagerName;

        // An ordinary page first, then one that plans others.
        public IReadOnlyList<PageRequest> InitialRequests { get; } = [new UsersCursor(CreatedRange.All, 0, null), new UsersCount()];

        public async Task<PageOutcome> FetchAsync(PageRequest request, CancellationToken cancellationToken)
        {
            await ResponseTurn.Current!.WaitAsync(cancellationToken);
            lock (order)
            {
                order.Add(request.Key);
            }

            return PageOutcome.Empty;
        }
    }

    [Fact]
    public async Task Run_PlanningRequestWaitsForTheCpuBehindAnOrdinaryPage_IsWorkedOnFirst()
    {
        var turns = new PageWorkTurns(1);
        using var held = turns.ForPage(GatePriority.Prerequisite);
        await held.WaitAsync(CancellationToken.None);
        var order = new List<string>();
        var uploader = Sys.ActorOf(C1Uploader.Props(new MemoryStore()).WithDispatcher(Akka.Dispatch.Dispatchers.DefaultDispatcherId));
        Sys.ActorOf(PagerActor.Props(new TurnRecordingPager(order), new PageWorkList(), uploader, new SyncMetrics().For(UsersPager.PagerName), 4, turns: turns));

        // Both pages' answers are in and wait for the one turn, the ordinary page since before the planning one.
        await Task.Delay(500);
        Assert.Empty(order);
        held.Release();

        AwaitCondition(() => { lock (order) { return order.Count == 2; } }, TimeSpan.FromSeconds(10));
        Assert.Equal(["users:count", new UsersCursor(CreatedRange.All, 0, null).Key], order);
    }
}
