using System.Collections.Immutable;
using Akka.Actor;
using BatonClerk.Engine.Fleet;

namespace BatonClerk.Engine.Tests.Fleet;

public sealed class NeverRebalanceAllocationTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public async Task Rebalance_SkewedAllocation_MovesNothing()
    {
        // A node that joins late sees every shard on the others: moving one would stop its sync mid-run.
        var busy = CreateTestProbe().Ref;
        var empty = CreateTestProbe().Ref;
        var allocations = Allocations((busy, ["a", "b", "c", "d"]), (empty, []));

        var moved = await new NeverRebalanceAllocation().Rebalance(allocations, ImmutableHashSet<string>.Empty);

        Assert.Empty(moved);
    }

    [Fact]
    public async Task AllocateShard_NewShard_GoesToTheRegionHoldingFewest()
    {
        var requester = CreateTestProbe().Ref;
        var fewest = CreateTestProbe().Ref;
        var allocations = Allocations((requester, ["a", "b"]), (fewest, ["c"]));

        var chosen = await new NeverRebalanceAllocation().AllocateShard(requester, "d", allocations);

        Assert.Equal(fewest, chosen);
    }

    [Fact]
    public async Task AllocateShard_Tie_GoesToTheRequester()
    {
        var requester = CreateTestProbe().Ref;
        var other = CreateTestProbe().Ref;
        var allocations = Allocations((other, ["a"]), (requester, ["b"]));

        var chosen = await new NeverRebalanceAllocation().AllocateShard(requester, "c", allocations);

        Assert.Equal(requester, chosen);
    }

    private static IImmutableDictionary<IActorRef, IImmutableList<string>> Allocations(params (IActorRef Region, string[] Shards)[] regions) =>
        regions.ToImmutableDictionary(r => r.Region, r => (IImmutableList<string>)r.Shards.ToImmutableList());
}
