using Akka.Actor;
using Akka.Configuration;

namespace BatonClerk.Benchmarks;

/// <summary>What the benchmarks compare a sync against: the fewest Clerk requests and the time the rate limit allows for them.</summary>
internal static class RateFloor
{
    /// <summary>One request to read the instance, then one per 500-row page of each endpoint (at least one each).</summary>
    public static long FewestRequests(long users, long orgs, long memberships, long roles, long permissions) =>
        1 + Pages(users) + Pages(orgs) + Pages(memberships) + Pages(roles) + Pages(permissions);

    /// <summary>Every full window but the last is waited out; the last costs one latency.</summary>
    public static TimeSpan Of(long fewest, int limitPerTenSeconds, int latencyMs) =>
        TimeSpan.FromSeconds((Math.Ceiling(fewest / (double)limitPerTenSeconds) - 1) * 10) + TimeSpan.FromMilliseconds(latencyMs);

    /// <summary>An actor system with the engine's own HOCON, quiet below warnings.</summary>
    public static ActorSystem EngineSystem(string name) =>
        ActorSystem.Create(name, ConfigurationFactory.ParseString("akka.loglevel = WARNING")
            .WithFallback(ConfigurationFactory.ParseString(BatonClerk.Engine.Hosting.ClerkSyncHostingExtensions.EngineHocon)));

    private static long Pages(long n) => Math.Max(1, (n + 499) / 500);
}
