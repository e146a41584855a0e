using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using Akka.Streams.Dsl;
using BatonClerk.Engine.Sync.Uploader;

namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>
/// INTERNAL API. Runs one endpoint's pages as one Akka Streams graph: a work queue of page requests, fetched
/// <c>parallelism</c> at a time under the rate-limit gate, mapped, and written through the C1 uploader up to
/// <see cref="StoresInFlight"/> pages at a time. The stream itself waits for each page's receipt (an ask per page), so
/// backpressure runs from the store to the fetches and nothing else paces the pager. When the stream ends the pager reports
/// <see cref="PagerCompleted"/> or <see cref="PagerFailed"/> to its parent and stops; a replacement pager, given
/// the same <see cref="PageWorkList"/>, fetches only what was issued and not yet stored.
/// </summary>
internal sealed class PagerActor : ReceiveActor
{
    /// <summary>
    /// Pages handed to the uploader before the first is acknowledged. With one, a pager's pages waited for each
    /// receipt's round trip through a thread pool busy parsing, and the memberships could not keep up with the
    /// permits the gate kept for them (docs/perf-issue15.md, round 7); the uploader's mailbox keeps the order.
    /// </summary>
    public const int StoresInFlight = 4;

    private readonly IPagerDefinition _definition;
    private readonly PageWorkList _work;
    private readonly IActorRef _uploader;
    private readonly PagerMetrics _metrics;
    private readonly int _parallelism;
    private readonly bool _encodeRows;
    private readonly Gate.PageWorkTurns? _turns;
    private readonly IActorRef? _gate;
    private readonly int _priority;
    private readonly long _demandKey = Gate.GateDemand.NewPagerKey();
    private readonly object _demandLock = new();
    private long _announced;
    private long _issued;
    private bool _stopped;
    private Action<IReadOnlyList<PageRequest>>? _earlyFollowUps;
    private readonly System.Diagnostics.ActivityContext _phase;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _cancel = new();

    public PagerActor(IPagerDefinition definition, PageWorkList work, IActorRef uploader, PagerMetrics metrics, int parallelism, System.Diagnostics.ActivityContext phase = default, bool encodeRows = false, Gate.PageWorkTurns? turns = null, IActorRef? gate = null)
    {
        _encodeRows = encodeRows;
        _turns = turns;
        _priority = Gate.GatePriority.ForPager(definition.Name);
        // Only what another priority waits behind is worth announcing (the users' demand holds nobody back).
        _gate = _priority < Gate.GatePriority.Resources ? gate : null;
        _definition = definition;
        _work = work;
        _uploader = uploader;
        _metrics = metrics;
        _parallelism = parallelism;
        _phase = phase;

        Receive<StreamFinished>(_ => OnStreamFinished());
        Receive<Status.Failure>(OnStreamFailed);
    }

    /// <param name="encodeRows">The store takes encoded rows: each page is encoded here, on the stream's threads.</param>
    /// <param name="turns">The sync's page work, shared by its pagers: each page's CPU work waits its turn there.</param>
    /// <param name="gate">The rate-limit gate, told how many of this pager's requests are still to come (<see cref="Gate.ReserveDemand"/>).</param>
    public static Props Props(IPagerDefinition definition, PageWorkList work, IActorRef uploader, PagerMetrics metrics, int parallelism, System.Diagnostics.ActivityContext phase = default, bool encodeRows = false, Gate.PageWorkTurns? turns = null, IActorRef? gate = null) =>
        Akka.Actor.Props.Create(() => new PagerActor(definition, work, uploader, metrics, parallelism, phase, encodeRows, turns, gate));

    protected override void PreStart()
    {
        var firstRun = !_work.Started;
        var pending = firstRun ? _work.Issue(_definition.InitialRequests) : _work.Pending();
        if (pending.Count == 0)
        {
            Self.Tell(StreamFinished.Instance);
            return;
        }

        _log.Debug("Pager {0} starting with {1} pending requests", _definition.Name, pending.Count);
        var queue = Channel.CreateUnbounded<PageRequest>(new UnboundedChannelOptions { SingleReader = true });
        var outstanding = pending.Count;
        foreach (var request in pending)
        {
            queue.Writer.TryWrite(request);
        }

        var token = _cancel.Token;
        var work = _work;
        var encodeRows = _encodeRows;
        var turns = _turns;
        var priority = _priority;
        Demand(pending.Count);

        // Runs on the stream's threads: counts a fetched page's follow-ups in before the page itself is counted out,
        // so the queue completes exactly when the last planned page is fetched. Follow-ups issued before their page
        // is stored (early) are saved as planned first: the uploader takes that before any of their pages, so a
        // resumed run knows them even if the page that revealed them was never stored.
        var uploader = _uploader;
        var name = _definition.Name;
        void IssueFollowUps(IReadOnlyList<PageRequest> followUps, bool early)
        {
            var fresh = work.Issue(followUps);
            if (early && fresh.Count > 0)
            {
                uploader.Tell(new SaveState([.. ResumeEntries.Issued(name, fresh)]));
            }

            Demand(fresh.Count);
            Interlocked.Add(ref outstanding, fresh.Count);
            foreach (var followUp in fresh)
            {
                queue.Writer.TryWrite(followUp);
            }
        }

        _earlyFollowUps = followUps => IssueFollowUps(followUps, early: true);

        async Task<(PageRequest Request, PageOutcome Outcome, C1z.C1zRows? Rows)> FetchAsync(PageRequest request)
        {
            // Held from the answer's arrival (the client takes it) to the end of the page's encoding below.
            // A request that plans others is worked on ahead of every pager's ordinary pages.
            var pagePriority = request.Plans ? Gate.GatePriority.Prerequisite : priority;
            using var turn = turns?.ForPage(pagePriority);
            var outcome = await FetchPageAsync(request, pagePriority, turn, token).ConfigureAwait(false);
            var rows = outcome.Rows;
            if (rows is null && encodeRows && (outcome.Resources.Count > 0 || outcome.Entitlements.Count > 0 || outcome.Grants.Count > 0))
            {
                // Encoded here, while the page's objects are young, so what waits for the store is one buffer.
                rows = C1z.C1zRows.Encode(outcome.Resources, outcome.Entitlements, outcome.Grants);
                outcome = outcome with { Resources = [], Entitlements = [], Grants = [] };
            }

            IssueFollowUps(outcome.FollowUps, early: false);
            if (Interlocked.Decrement(ref outstanding) == 0)
            {
                queue.Writer.TryComplete();
            }

            return (request, outcome, rows);
        }

        ChannelSource.FromReader(queue.Reader)
            .SelectAsyncUnordered(_parallelism, FetchAsync)
            .SelectAsync(StoresInFlight, fetched => StoreAsync(fetched.Request, fetched.Outcome, fetched.Rows, token))
            .WithAttributes(Attributes.CreateInputBuffer(1, 1))
            .RunWith(Sink.Ignore<NotUsed>(), Context.Materializer())
            .PipeTo(Self, success: _ => StreamFinished.Instance, failure: e => new Status.Failure(Unwrap(e)));
    }

    // Counts requests issued to the work list and announces those beyond what was announced already; the gate uses
    // one up as it grants each page's first request. Thread-safe: the stream calls it from its threads.
    private void Demand(int issued)
    {
        lock (_demandLock)
        {
            _issued += issued;
            if (_gate is null || _stopped || _issued <= _announced)
            {
                return;
            }

            _gate.Tell(new Gate.ReserveDemand(_demandKey, _priority, checked((int)(_issued - _announced))));
            _announced = _issued;
        }
    }

    private async Task<PageOutcome> FetchPageAsync(PageRequest request, int priority, Gate.PageTurn? turn, CancellationToken token)
    {
        // One span per page under the endpoint's phase; the client's request spans nest inside it.
        using var span = Diagnostics.EngineTelemetry.Source.StartActivity("sync.page", System.Diagnostics.ActivityKind.Internal, _phase);
        span?.SetTag("clerk.pager", _definition.Name);
        span?.SetTag("sync.page", request.Key);
        _metrics.FetchStarted();
        Gate.GatePriority.Current = priority;
        Clerk.ResponseTurn.Current = turn;
        Gate.GateDemand.Current = _gate is null ? null : new Gate.GateDemand(_demandKey);
        EarlyFollowUps.Current = _earlyFollowUps;
        try
        {
            return await _definition.FetchAsync(request, token).ConfigureAwait(false);
        }
        finally
        {
            _metrics.FetchEnded();
        }
    }

    private async Task<NotUsed> StoreAsync(PageRequest request, PageOutcome outcome, C1z.C1zRows? rows, CancellationToken token)
    {
        _log.Debug("Pager {0} fetched page {1}: {2} items, {3} follow-up requests", _definition.Name, request.Key, outcome.ItemCount, outcome.FollowUps.Count);
        var page = new StorePage(_definition.Name, request.Key, outcome.Resources, outcome.Entitlements, outcome.Grants, outcome.ItemCount)
        {
            FollowUps = outcome.FollowUps,
            CatalogEntry = outcome.CatalogEntry,
            Rows = rows,
        };
        _metrics.StoreStarted();
        try
        {
            // The uploader answers once the page and its resume entries are committed, or with the store's error.
            await _uploader.Ask<PageStored>(page, Timeout.InfiniteTimeSpan, token).ConfigureAwait(false);
        }
        finally
        {
            _metrics.StoreEnded();
        }

        _work.MarkStored(request.Key);
        _metrics.PageStored(outcome.ItemCount);
        var endpoint = new KeyValuePair<string, object?>("clerk.pager", _definition.Name);
        Diagnostics.EngineTelemetry.Items.Add(outcome.ItemCount, endpoint);
        Diagnostics.EngineTelemetry.Pages.Add(1, endpoint);
        return NotUsed.Instance;
    }

    private void OnStreamFinished()
    {
        _metrics.Completed = true;
        Context.Parent.Tell(new PagerCompleted(_definition.Name));
        Context.Stop(Self);
    }

    private void OnStreamFailed(Status.Failure failure)
    {
        Context.Parent.Tell(new PagerFailed(_definition.Name, failure.Cause));
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        // A stopped pager sends nothing more: what it announced and never sent must not hold the others back.
        lock (_demandLock)
        {
            _stopped = true;
            _gate?.Tell(new Gate.ReleaseDemand(_demandKey));
        }

        _cancel.Cancel();
        _cancel.Dispose();
    }

    private static Exception Unwrap(Exception error) =>
        error is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : error;

    private sealed record StreamFinished
    {
        public static readonly StreamFinished Instance = new();
    }
}

/// <summary>Told to the parent once every page the pager planned is stored.</summary>
internal sealed record PagerCompleted(string Pager);

/// <summary>Told to the parent when the pager's stream failed; the pager has stopped and stored nothing more.</summary>
internal sealed record PagerFailed(string Pager, Exception Cause);
