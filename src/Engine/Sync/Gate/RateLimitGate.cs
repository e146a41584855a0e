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
    private readonly LinkedList<(long Id, IActorRef ReplyTo)> _waiting = new();
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
            _waiting.AddLast((m.Id, Sender));
            Drain();
        });
        Receive<WithdrawPermit>(m =>
        {
            for (var node = _waiting.First; node is not null; node = node.Next)
            {
                if (node.Value.Id == m.Id)
                {
                    _waiting.Remove(node);
                    return;
                }
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
        while (_waiting.First is { } first && _budget.TryTake(Now))
        {
            _waiting.RemoveFirst();
            _granted++;
            _inFlight.Add(first.Value.Id);
            first.Value.ReplyTo.Tell(new PermitGranted(first.Value.Id));
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

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }
}
