using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;

namespace BatonClerk.Engine.Sync.Gate;

/// <summary>
/// One rate-limit gate per Clerk secret key for the life of its owner. Clerk counts the budget per key, so syncs
/// of one key, one after another or at the same time, must draw from one gate: a fresh gate per run would start
/// with a full window while Clerk still counts the previous run's requests. There is one registry per actor system
/// (one per process in service mode), whoever asks for it.
/// </summary>
internal sealed class GateRegistry
{
    private static readonly ConditionalWeakTable<ActorSystem, GateRegistry> Registries = new();
    private readonly ConcurrentDictionary<string, Lazy<IActorRef>> _gates = new(StringComparer.Ordinal);
    private readonly ActorSystem _system;

    private GateRegistry(ActorSystem system) => _system = system;

    public static GateRegistry Of(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return Registries.GetValue(system, s => new GateRegistry(s));
    }

    /// <summary>The key's gate; the first caller's budget sets it (every run of one process resolves the same).</summary>
    public IActorRef For(string secretKey, SyncSettings settings)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        ArgumentNullException.ThrowIfNull(settings);

        // Held by a digest, so the registry never keeps the key itself.
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secretKey)))[..16];
        return _gates.GetOrAdd(id, key => new Lazy<IActorRef>(
            () => _system.ActorOf(RateLimitGate.Props(Settings(settings)), "gate-" + key))).Value;
    }

    /// <summary>
    /// Set by a fleet node: each gate it creates waits one full window (plus margin) before its first permit, since
    /// the node cannot tell a key's first start from a failover that moved the key here.
    /// </summary>
    public bool HoldNewGatesOneWindow { get; set; }

    private RateLimitGateSettings Settings(SyncSettings settings)
    {
        var gate = RateLimitGateSettings.For(settings);
        return HoldNewGatesOneWindow ? gate with { StartupHold = gate.Budget.Window + gate.WindowMargin } : gate;
    }

    public int Count => _gates.Count;
}
