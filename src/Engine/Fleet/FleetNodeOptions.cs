namespace BatonClerk.Engine.Fleet;

/// <summary>One node's cluster settings (--cluster-hostname, --cluster-port, --cluster-seed-nodes).</summary>
public sealed class FleetNodeOptions
{
    /// <summary>Every node of a fleet uses this actor-system name; it is part of each node's address.</summary>
    public const string SystemName = "baton-clerk-fleet";

    /// <summary>The address other nodes reach this one at (also the bind address).</summary>
    public string HostName { get; init; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests); a fleet with static seeds needs a fixed one.</summary>
    public int Port { get; init; } = 4053;

    /// <summary><c>host:port</c> of the seed nodes. Empty: the node bootstraps, or waits to be joined (see <see cref="FleetNode.Join"/>).</summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = [];

    /// <summary>Akka.Management cluster bootstrap instead of <see cref="SeedNodes"/>; null: no bootstrap.</summary>
    public FleetBootstrapOptions? Bootstrap { get; init; }

    /// <summary>
    /// Members that must be up before shards are placed. Shards never move once placed, so a fleet that starts with
    /// this at 1 keeps every registration on its first node; set it to the fleet's size. With bootstrap it is also the
    /// number of contact points that must answer before the first node forms the cluster.
    /// </summary>
    public int MinimumMembers { get; init; } = 1;

    public FleetTimings Timings { get; init; } = FleetTimings.Production;

    /// <summary>Extra HOCON placed before the fleet's own (the shipped akka.conf of the host).</summary>
    public string? ExtraHocon { get; init; }

    public static string SeedAddress(string hostPort) => $"akka.tcp://{SystemName}@{hostPort}";

    /// <summary>Why <paramref name="hostPort"/> is not a seed address, or null.</summary>
    public static string? SeedProblem(string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        return colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
            ? $"{hostPort} is not host:port"
            : null;
    }
}
