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
        _interval = interval;
    }

    private readonly TimeSpan _interval;

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Self.Tell(Wake.Instance);
        Timers.StartPeriodicTimer("wake", Wake.Instance, _interval);
    }

    public static Props Props(IActorRef region, IReadOnlyList<string> names, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new FleetKeeper(region, names, interval));

    private sealed record Wake
    {
        public static readonly Wake Instance = new();
    }
}
