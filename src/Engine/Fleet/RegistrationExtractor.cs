using Akka.Cluster.Sharding;

namespace BatonClerk.Engine.Fleet;

/// <summary>
/// Entity id: the registration name. Shard id: the fingerprint of its Clerk key, so every registration of one key
/// lives in one shard, hence on one node, where they share that node's one gate for the key. Every node maps names
/// from its own fleet file, which is why all nodes must run the same file.
/// </summary>
internal sealed class RegistrationExtractor(FleetConfig config) : IMessageExtractor
{
    public string? EntityId(object message) => message switch
    {
        IRegistrationMessage m => m.Name,
        _ => null,
    };

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => EntityId(message) is { } id ? ShardId(id, message) : null;

    // An unknown name still needs a shard; its entity stops at once because the file does not describe it.
    public string ShardId(string entityId, object? messageHint = null) =>
        config.Find(entityId)?.KeyFingerprint ?? "unknown";
}
