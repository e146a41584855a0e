using Akka.Actor;

namespace BatonClerk.Engine.Fleet;

/// <summary>
/// Keeps every registration alive: each node wakes every registration of the file at an interval, so after a
/// failover the dead node's registrations start on the node their shard moved to within one interval. Cheaper and
/// simpler than remembered entities, which would need a durable store.
/// </summary>
internal sealed class FleetKeeper : ReceiveActor, IWithTimers
{
    public FleetKeeper(IActorRef region, IReadOnlyList<string> names, TimeSpan interval)
    {
        Receive<Wake>(_ =>
        {
            foreach (var name in names)
            {
                region.Tell(new WakeRegistration(name));
            }
        });
        Receive<Up>(_ => Timers.StartPeriodicTimer("wake", Wake.Instance, _interval));
        _interval = interval;
    }

    private readonly TimeSpan _interval;

    public ITimerScheduler Timers { get; set; } = null!;

    // The first wake comes one interval after this node is up, so the regions of nodes starting together have
    // registered with the coordinator and new shards spread over them.
    protected override void PreStart()
    {
        var self = Self;
        Akka.Cluster.Cluster.Get(Context.System).RegisterOnMemberUp(() => self.Tell(Up.Instance));
    }

    public static Props Props(IActorRef region, IReadOnlyList<string> names, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new FleetKeeper(region, names, interval));

    private sealed record Up
    {
        public static readonly Up Instance = new();
    }

    private sealed record Wake
    {
        public static readonly Wake Instance = new();
    }
}
