namespace BatonClerk.Engine.Tests.Support;

internal static class VirtualTime
{
    /// <summary>An actor system whose scheduler (timers and Now) moves only when the test advances it.</summary>
    public const string Config = """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = WARNING
        """;
}
