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
    private readonly Dictionary<long, (int Priority, int Left)> _demand = [];
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
            _waiting.Add(m, Sender);
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
        Receive<AdoptPermits>(OnAdoptPermits);
        Receive<RateLimited>(m =>
        {
            _rateLimited++;
            var retryAfter = m.RetryAfter is { } r && r > TimeSpan.Zero ? r : _defaultRetryAfter;
            _budget.PauseUntil(Now + retryAfter);
            Drain();
        });
        Receive<ReserveDemand>(m =>
        {
            var left = _demand.TryGetValue(m.Pager, out var known) ? known.Left : 0;
            _demand[m.Pager] = (Math.Clamp(m.Priority, 0, GatePriority.Count - 1), left + Math.Max(0, m.Count));
        });
        Receive<ReleaseDemand>(m =>
        {
            if (_demand.Remove(m.Pager))
            {
                Drain();
            }
        });
        Receive<Tick>(_ => Drain());
        Receive<GetGateStatus>(_ => Sender.Tell(new GateStatus(_granted, _rateLimited, _waiting.Count, _budget.PausedUntil, _inFlight.Count) { Reserved = ReservedBefore(GatePriority.Count) }));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    public static Props Props(RateLimitGateSettings settings) => Akka.Actor.Props.Create(() => new RateLimitGate(settings));

    private void Drain()
    {
        var heldBack = false;
        while (_waiting.TryPeekPriority(out var priority))
        {
            // The window's last permits are kept for the earlier priorities' requests still to come.
            if (ReservedBefore(priority) is > 0 and var reserved && _budget.Free(Now) <= reserved)
            {
                heldBack = true;
                break;
            }

            if (!_budget.TryTake(Now))
            {
                break;
            }

            var (request, replyTo) = _waiting.TakeFirst();
            UseDemand(request.Demand);
            _granted++;
            _inFlight.Add(request.Id);
            replyTo.Tell(new PermitGranted(request.Id));
        }

        // Held back, only a permit leaving the window frees one (a release or a new reservation drains on its own).
        var next = heldBack ? _budget.NextEviction(Now) : _budget.NextAvailable(Now);
        if (_waiting.Count > 0 && next != DateTimeOffset.MaxValue)
        {
            var delay = next - Now;
            Timers.StartSingleTimer(TickTimer, Tick.Instance, delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1));
        }
    }

    private void OnAdoptPermits(AdoptPermits m)
    {
        foreach (var ended in m.Ended.Order())
        {
            _budget.Adopt(ended);
            _granted++;
        }

        foreach (var id in m.InFlight)
        {
            if (_inFlight.Add(id))
            {
                _budget.Adopt(null);
                _granted++;
            }
        }

        Drain();
    }

    private void UseDemand(long pager)
    {
        if (pager != 0 && _demand.TryGetValue(pager, out var demand) && demand.Left > 0)
        {
            _demand[pager] = (demand.Priority, demand.Left - 1);
        }
    }

    // Permits kept for the requests announced at priorities before this one (a handful of pagers: a plain sum).
    private int ReservedBefore(int priority)
    {
        var reserved = 0;
        foreach (var (demandPriority, left) in _demand.Values)
        {
            if (demandPriority < priority)
            {
                reserved += left;
            }
        }

        return reserved;
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
        private readonly LinkedList<(RequestPermit Request, IActorRef ReplyTo)>[] _queues =
            [.. Enumerable.Range(0, GatePriority.Count).Select(_ => new LinkedList<(RequestPermit, IActorRef)>())];

        public int Count { get; private set; }

        public void Add(RequestPermit request, IActorRef replyTo)
        {
            _queues[Math.Clamp(request.Priority, 0, _queues.Length - 1)].AddLast((request, replyTo));
            Count++;
        }

        public bool TryPeekPriority(out int priority)
        {
            for (priority = 0; priority < _queues.Length; priority++)
            {
                if (_queues[priority].First is not null)
                {
                    return true;
                }
            }

            return false;
        }

        public (RequestPermit Request, IActorRef ReplyTo) TakeFirst()
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
                    if (node.Value.Request.Id == id)
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
