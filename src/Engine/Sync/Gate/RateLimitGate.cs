using Akka.Actor;

namespace BatonClerk.Engine.Sync.Gate;

/// <summary>
/// The one place that decides when a request to Clerk may leave. All pagers of a sync ask it for a permit
/// before every HTTP attempt, so the budget and any 429 pause apply to all of them at once.
/// Time comes from the actor system's scheduler so tests can drive it with virtual time.
/// </summary>
internal sealed class RateLimitGate : ReceiveActor, IWithTimers
{
    private const string TickTimer = "tick";
    private readonly SlidingWindowBudget _budget;
    private readonly TimeSpan _defaultRetryAfter;
    private readonly WaitingRequests _waiting = new();
    private readonly HashSet<long> _inFlight = [];
    private long _granted;
    private long _rateLimited;

    public RateLimitGate(RateLimitGateSettings settings)
    {
        _budget = new SlidingWindowBudget(settings.Budget.RequestsPerWindow, settings.Budget.Window + settings.WindowMargin);
        _defaultRetryAfter = settings.DefaultRetryAfter;
        if (settings.StartupHold > TimeSpan.Zero)
        {
            _budget.PauseUntil(Context.System.Scheduler.Now + settings.StartupHold);
        }

        Receive<RequestPermit>(m =>
        {
            _waiting.Add(m.Priority, m.Id, Sender);
            Drain();
        });
        Receive<WithdrawPermit>(m =>
        {
            if (_waiting.Remove(m.Id))
            {
                return;
            }

            // Granted while the asker was giving up: the request never left, but counting it is harmless.
            Release(m.Id);
        });
        Receive<ReleasePermit>(m => Release(m.Id));
        Receive<RateLimited>(m =>
        {
            _rateLimited++;
            var retryAfter = m.RetryAfter is { } r && r > TimeSpan.Zero ? r : _defaultRetryAfter;
            _budget.PauseUntil(Now + retryAfter);
            Drain();
        });
        Receive<Tick>(_ => Drain());
        Receive<GetGateStatus>(_ => Sender.Tell(new GateStatus(_granted, _rateLimited, _waiting.Count, _budget.PausedUntil, _inFlight.Count)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    public static Props Props(RateLimitGateSettings settings) => Akka.Actor.Props.Create(() => new RateLimitGate(settings));

    private void Drain()
    {
        while (_waiting.Count > 0 && _budget.TryTake(Now))
        {
            var (id, replyTo) = _waiting.TakeFirst();
            _granted++;
            _inFlight.Add(id);
            replyTo.Tell(new PermitGranted(id));
        }

        var next = _budget.NextAvailable(Now);
        if (_waiting.Count > 0 && next != DateTimeOffset.MaxValue)
        {
            var delay = next - Now;
            Timers.StartSingleTimer(TickTimer, Tick.Instance, delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1));
        }
    }

    private void Release(long id)
    {
        if (_inFlight.Remove(id))
        {
            _budget.Release(Now);
            Drain();
        }
    }

    /// <summary>One first-come queue per <see cref="GatePriority"/>; the lowest non-empty one is served first.</summary>
    private sealed class WaitingRequests
    {
        private readonly LinkedList<(long Id, IActorRef ReplyTo)>[] _queues =
            [.. Enumerable.Range(0, GatePriority.Count).Select(_ => new LinkedList<(long, IActorRef)>())];

        public int Count { get; private set; }

        public void Add(int priority, long id, IActorRef replyTo)
        {
            _queues[Math.Clamp(priority, 0, _queues.Length - 1)].AddLast((id, replyTo));
            Count++;
        }

        public (long Id, IActorRef ReplyTo) TakeFirst()
        {
            foreach (var queue in _queues)
            {
                if (queue.First is { } first)
                {
                    queue.RemoveFirst();
                    Count--;
                    return first.Value;
                }
            }

            throw new InvalidOperationException("No request is waiting.");
        }

        public bool Remove(long id)
        {
            foreach (var queue in _queues)
            {
                for (var node = queue.First; node is not null; node = node.Next)
                {
                    if (node.Value.Id == id)
                    {
                        queue.Remove(node);
                        Count--;
                        return true;
                    }
                }
            }

            return false;
        }
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }
}
