namespace BatonClerk.Engine.Fleet;

/// <summary>
/// How fast a fleet notices a dead node and restarts its registrations. <see cref="Production"/> is Akka's
/// documented default (a dead node is downed after ~24 s); <see cref="Test"/> downs after ~6 s and is for tests on
/// one machine only: on a loaded production node such short pauses would down healthy members.
/// <see cref="HandOffDrain"/> is how long a leaving node lets its running syncs finish before it aborts them (C1 then
/// hands an aborted task out again); the container's stop grace period must be longer (see README, Fleet).
/// <see cref="BootstrapStableMargin"/> is how long bootstrap's view of the contact points must stay unchanged before
/// the lowest one forms a new cluster (Akka's default in production).
/// </summary>
public sealed record FleetTimings(TimeSpan AcceptableHeartbeatPause, TimeSpan StableAfter, TimeSpan KeeperInterval, TimeSpan HandOffDrain, TimeSpan BootstrapStableMargin)
{
    public static readonly FleetTimings Production = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(5));

    public static readonly FleetTimings Test = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));
}
