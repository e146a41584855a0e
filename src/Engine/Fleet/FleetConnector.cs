using BatonClerk.Engine.Sync;

namespace BatonClerk.Engine.Fleet;

/// <summary>
/// One connector registration of a fleet file, secrets already resolved on this node. Never sent to another node:
/// messages name a registration and each node looks it up in its own copy of the file.
/// </summary>
public sealed class FleetConnector
{
    public required string Name { get; init; }

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    /// <summary>host[:port] replacing the registration's ConductorOne tenant host (non-production); null: the node's.</summary>
    public string? C1ApiHost { get; init; }

    /// <summary>The Clerk options of this registration (secret key, API URL, budget, per-connector settings).</summary>
    public required ClerkSyncOptions Sync { get; init; }

    /// <summary>
    /// A digest of the Clerk secret key: the shard of every registration of one key, so they always live on one
    /// node and draw from that node's one gate for the key. Never the key itself.
    /// </summary>
    public required string KeyFingerprint { get; init; }

    public override string ToString() => Name;
}
