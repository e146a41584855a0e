namespace BatonClerk.Engine.Fleet;

/// <summary>
/// How fast a fleet notices a dead node and restarts its registrations. <see cref="Production"/> is Akka's
/// documented default (a dead node is downed after ~24 s); <see cref="Test"/> downs after ~6 s and is for tests on
/// one machine only: on a loaded production node such short pauses would down healthy members.
/// </summary>
public sealed record FleetTimings(TimeSpan AcceptableHeartbeatPause, TimeSpan StableAfter, TimeSpan KeeperInterval)
{
    public static readonly FleetTimings Production = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10));

    public static readonly FleetTimings Test = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1));
}
