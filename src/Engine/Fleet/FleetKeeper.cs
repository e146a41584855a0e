using Akka.Actor;

namespace BatonClerk.Engine.Fleet;

/// <summary>
/// Keeps every registration alive: each node wakes every registration of the file at an interval, so after a
/// failover the dead node's registrations start on the node their shard moved to within one interval. Cheaper and
/// simpler than remembered entities, which would need a durable store.
/// </summary>
internal sealed class FleetKeeper : ReceiveActor, IWithTimers
{
    public FleetKeeper(IActorRef region, IReadOnlyList<string> names, TimeSpan interval, int minimumMembers)
    {
        Receive<Wake>(_ =>
        {
            // The first wake places shards, and they never move: wait until the fleet is big enough that they spread.
            // Once placed, keep waking whatever the count: after a crash the survivors must take the dead node's share.
            if (!_placing)
            {
                var up = Akka.Cluster.Cluster.Get(Context.System).State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up);
                if (up < minimumMembers)
                {
                    _sawFleetFull = false;
                    return;
                }

                // One more interval, so the newest member's region has registered with the coordinator too.
                if (!_sawFleetFull)
                {
                    _sawFleetFull = true;
                    return;
                }

                _placing = true;
            }

            foreach (var name in names)
            {
                region.Tell(new WakeRegistration(name));
            }
        });
        Receive<Up>(_ => Timers.StartPeriodicTimer("wake", Wake.Instance, _interval));
        _interval = interval;
    }

    private readonly TimeSpan _interval;
    private bool _placing;
    private bool _sawFleetFull;

    public ITimerScheduler Timers { get; set; } = null!;

    // The first wake comes one interval after this node is up, so the regions of nodes starting together have
    // registered with the coordinator and new shards spread over them.
    protected override void PreStart()
    {
        var self = Self;
        Akka.Cluster.Cluster.Get(Context.System).RegisterOnMemberUp(() => self.Tell(Up.Instance));
    }

    public static Props Props(IActorRef region, IReadOnlyList<string> names, TimeSpan interval, int minimumMembers) =>
        Akka.Actor.Props.Create(() => new FleetKeeper(region, names, interval, minimumMembers));

    private sealed record Up
    {
        public static readonly Up Instance = new();
    }

    private sealed record Wake
    {
        public static readonly Wake Instance = new();
    }
}
