using Akka.Actor;

namespace BatonClerk.Engine.Sync.Gate;

/// <summary>
/// The one place that decides when a request to Clerk may leave. All pagers of a sync ask it for a permit
/// before every HTTP attempt, so the budget and any 429 pause apply to all of them at once.
/// Time comes from the actor system's scheduler so tests can drive it with virtual time.
/// </summary>
public sealed class RateLimitGate : ReceiveActor, IWithTimers
{
    private const string TickTimer = "tick";
    private readonly SlidingWindowBudget _budget;
    private readonly TimeSpan _defaultRetryAfter;
    private readonly LinkedList<(long Id, IActorRef ReplyTo)> _waiting = new();
    private long _granted;
    private long _rateLimited;

    public RateLimitGate(RateLimitGateSettings settings)
    {
        _budget = new SlidingWindowBudget(settings.Budget.RequestsPerWindow, settings.Budget.Window + settings.WindowMargin);
        _defaultRetryAfter = settings.DefaultRetryAfter;

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
                    break;
                }
            }
        });
        Receive<RateLimited>(m =>
        {
            _rateLimited++;
            var retryAfter = m.RetryAfter is { } r && r > TimeSpan.Zero ? r : _defaultRetryAfter;
            _budget.PauseUntil(Now + retryAfter);
            Drain();
        });
        Receive<Tick>(_ => Drain());
        Receive<GetGateStatus>(_ => Sender.Tell(new GateStatus(_granted, _rateLimited, _waiting.Count, _budget.PausedUntil)));
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
            first.Value.ReplyTo.Tell(new PermitGranted(first.Value.Id));
        }

        if (_waiting.Count > 0)
        {
            var delay = _budget.NextAvailable(Now) - Now;
            Timers.StartSingleTimer(TickTimer, Tick.Instance, delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1));
        }
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }
}
