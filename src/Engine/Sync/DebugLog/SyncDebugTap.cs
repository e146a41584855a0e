using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Event;
using BatonClerk.Engine.Service;
using MelLevel = Microsoft.Extensions.Logging.LogLevel;

namespace BatonClerk.Engine.Sync.DebugLog;

/// <summary>
/// Copies one sync's Akka log events, debug level included, into a task's <see cref="TaskDebugLog"/>. The events
/// are picked by actor path: only the sync's own supervisor and the actors under it. While any tap is open the
/// event stream runs at debug level, so actors created meanwhile publish their debug records; the host's loggers
/// still drop them at the host's level. Records of shared actors (the rate-limit gate) are not the task's and stay out.
/// </summary>
internal sealed class SyncDebugTap : IAsyncDisposable
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(5);

    private readonly ActorSystem _system;
    private readonly IActorRef _tap;
    private readonly DebugLevelLease _lease;

    private SyncDebugTap(ActorSystem system, IActorRef tap, DebugLevelLease lease)
    {
        _system = system;
        _tap = tap;
        _lease = lease;
    }

    /// <summary>Starts tapping the sync that will run as the top-level actor <paramref name="syncName"/>.</summary>
    public static SyncDebugTap Start(ActorSystem system, string syncName, TaskDebugLog log)
    {
        var lease = DebugLevelLease.Acquire(system);
        var root = ((ExtendedActorSystem)system).Guardian.Path / syncName;
        var tap = system.ActorOf(Props.Create(() => new TapActor(root.ToString(), log)), "debug-log-" + syncName);
        system.EventStream.Subscribe(tap, typeof(LogEvent));
        return new SyncDebugTap(system, tap, lease);
    }

    /// <summary>Writes what is still queued, then stops tapping.</summary>
    public async ValueTask DisposeAsync()
    {
        _system.EventStream.Unsubscribe(_tap);
        try
        {
            // Events published before the unsubscription sit in the tap's mailbox ahead of this message.
            await _tap.Ask<Flushed>(Flush.Instance, FlushTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            // A stuck tap loses its tail, never the task.
        }

        _tap.Tell(PoisonPill.Instance);
        _lease.Dispose();
    }

    private sealed record Flush
    {
        public static readonly Flush Instance = new();
    }

    private sealed record Flushed
    {
        public static readonly Flushed Instance = new();
    }

    private sealed class TapActor : ReceiveActor
    {
        public TapActor(string root, TaskDebugLog log)
        {
            var children = root + "/";
            Receive<LogEvent>(e =>
            {
                if (e.LogSource is { } source && (source == root || source.StartsWith(children, StringComparison.Ordinal)))
                {
                    log.Write(Level(e.LogLevel()), source, e.Message?.ToString() ?? string.Empty, e.Cause);
                }
            });
            Receive<Flush>(_ => Sender.Tell(Flushed.Instance));
        }

        private static MelLevel Level(LogLevel level) => level switch
        {
            LogLevel.DebugLevel => MelLevel.Debug,
            LogLevel.InfoLevel => MelLevel.Information,
            LogLevel.WarningLevel => MelLevel.Warning,
            _ => MelLevel.Error,
        };
    }

    /// <summary>Keeps the event stream at debug level while any tap of the system is open, then restores its level.</summary>
    private sealed class DebugLevelLease : IDisposable
    {
        private static readonly ConditionalWeakTable<ActorSystem, Counter> Counters = new();
        private readonly ActorSystem _system;
        private int _released;

        private DebugLevelLease(ActorSystem system) => _system = system;

        public static DebugLevelLease Acquire(ActorSystem system)
        {
            var counter = Counters.GetValue(system, _ => new Counter());
            lock (counter)
            {
                if (counter.Holders++ == 0)
                {
                    counter.Restore = system.EventStream.LogLevel;
                    if (counter.Restore > LogLevel.DebugLevel)
                    {
                        system.EventStream.SetLogLevel(LogLevel.DebugLevel);
                    }
                }
            }

            return new DebugLevelLease(system);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1 || !Counters.TryGetValue(_system, out var counter))
            {
                return;
            }

            lock (counter)
            {
                if (--counter.Holders == 0 && counter.Restore > LogLevel.DebugLevel)
                {
                    _system.EventStream.SetLogLevel(counter.Restore);
                }
            }
        }

        private sealed class Counter
        {
            public int Holders { get; set; }

            public LogLevel Restore { get; set; }
        }
    }
}
