using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace BatonClerk.Engine.Fleet;

/// <summary>
/// New shards go to the region holding the fewest; running shards never move. A rebalance would stop entities in
/// the middle of a sync, so a shard leaves its node only when the node leaves or is downed.
/// </summary>
internal sealed class NeverRebalanceAllocation : IShardAllocationStrategy
{
    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        // Ties go to the requester: its node already asked, so it is up and reachable.
        var least = currentShardAllocations
            .OrderBy(a => a.Value.Count)
            .ThenBy(a => a.Key.Equals(requester) ? 0 : 1)
            .ThenBy(a => a.Key.Path.ToString(), StringComparer.Ordinal)
            .Select(a => a.Key)
            .FirstOrDefault();
        return Task.FromResult(least ?? requester);
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress) =>
        Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
}
