using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using Akka.Streams.Dsl;
using BatonClerk.Engine.Sync.Uploader;

namespace BatonClerk.Engine.Sync.Pagers;

/// <summary>
/// Runs one endpoint's pages as an Akka Streams graph: a work queue of page requests, fetched
/// <c>parallelism</c> at a time under the rate-limit gate, mapped, and handed one page at a time to the uploader.
/// The stream is acknowledged only after the uploader stored the page, so backpressure reaches the fetches.
/// A failure is rethrown here for the supervisor to decide: transient faults restart the pager, which re-issues
/// only the pages not yet stored.
/// </summary>
public sealed class PagerActor : ReceiveActor
{
    private readonly IPagerDefinition _definition;
    private readonly PagerProgress _progress;
    private readonly IActorRef _uploader;
    private readonly PagerMetrics _metrics;
    private readonly int _parallelism;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Guid _run = Guid.NewGuid();
    private readonly CancellationTokenSource _cancel = new();
    private IActorRef? _streamAck;
    private bool _streamDone;

    private readonly System.Diagnostics.ActivityContext _phase;

    public PagerActor(IPagerDefinition definition, PagerProgress progress, IActorRef uploader, PagerMetrics metrics, int parallelism, System.Diagnostics.ActivityContext phase = default)
    {
        _phase = phase;
        _definition = definition;
        _progress = progress;
        _uploader = uploader;
        _metrics = metrics;
        _parallelism = parallelism;

        Receive<StreamInit>(m => m.Run == _run, _ => Sender.Tell(StreamAck.Instance));
        Receive<FetchedPage>(m => m.Run == _run, m =>
        {
            _log.Debug("Pager {0} fetched page {1}: {2} items, {3} follow-up requests", _definition.Name, m.Key, m.Outcome.ItemCount, m.Outcome.FollowUps.Count);
            _streamAck = Sender;
            _metrics.StoreStarted();
            _uploader.Tell(new StoreBatch(_definition.Name, m.Key, m.Outcome.Resources, m.Outcome.Entitlements, m.Outcome.Grants, m.Outcome.ItemCount)
            {
                FollowUps = m.Outcome.FollowUps,
                CatalogEntry = m.Outcome.CatalogEntry,
            });
        });
        Receive<BatchStored>(m =>
        {
            _progress.MarkStored(m.Key);
            _metrics.StoreEnded();
            _metrics.PageStored(m.ItemCount);
            var endpoint = new KeyValuePair<string, object?>("clerk.pager", _definition.Name);
            Diagnostics.EngineTelemetry.Items.Add(m.ItemCount, endpoint);
            Diagnostics.EngineTelemetry.Pages.Add(1, endpoint);
            _streamAck?.Tell(StreamAck.Instance);
            _streamAck = null;
            CompleteWhenStored();
        });
        Receive<StreamDone>(m => m.Run == _run, _ =>
        {
            _streamDone = true;
            CompleteWhenStored();
        });
        Receive<StreamFailed>(m => m.Run == _run, m => throw Unwrap(m.Error));
        Receive<StreamInit>(_ => { });
        Receive<FetchedPage>(_ => { });
        Receive<StreamDone>(_ => { });
        Receive<StreamFailed>(_ => { });
    }

    public static Props Props(IPagerDefinition definition, PagerProgress progress, IActorRef uploader, PagerMetrics metrics, int parallelism, System.Diagnostics.ActivityContext phase = default) =>
        Akka.Actor.Props.Create(() => new PagerActor(definition, progress, uploader, metrics, parallelism, phase));

    protected override void PreStart()
    {
        var pending = _progress.Started ? _progress.Pending() : _progress.Issue(_definition.InitialRequests);
        if (pending.Count == 0)
        {
            Self.Tell(new StreamDone(_run));
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
        var run = _run;
        var metrics = _metrics;
        var phase = _phase;
        var name = _definition.Name;
        ChannelSource.FromReader(queue.Reader)
            .SelectAsyncUnordered(_parallelism, async request =>
            {
                PageOutcome outcome;
                // One span per page under the endpoint's phase; the client's request spans nest inside it.
                using var span = Diagnostics.EngineTelemetry.Source.StartActivity("sync.page", System.Diagnostics.ActivityKind.Internal, phase);
                span?.SetTag("clerk.pager", name);
                span?.SetTag("sync.page", request.Key);
                metrics.FetchStarted();
                try
                {
                    outcome = await _definition.FetchAsync(request, token).ConfigureAwait(false);
                }
                finally
                {
                    metrics.FetchEnded();
                }

                var fresh = _progress.Issue(outcome.FollowUps);
                Interlocked.Add(ref outstanding, fresh.Count);
                foreach (var followUp in fresh)
                {
                    queue.Writer.TryWrite(followUp);
                }

                if (Interlocked.Decrement(ref outstanding) == 0)
                {
                    queue.Writer.TryComplete();
                }

                return new FetchedPage(run, request.Key, outcome);
            })
            .RunWith(
                Sink.ActorRefWithAck<FetchedPage>(Self, new StreamInit(run), StreamAck.Instance, new StreamDone(run), ex => new StreamFailed(run, ex))
                    .WithAttributes(Attributes.CreateInputBuffer(1, 1)),
                Context.Materializer());
    }

    private void CompleteWhenStored()
    {
        // The sink may report completion while the last page is still with the uploader: wait for its receipt.
        if (!_streamDone || _streamAck is not null)
        {
            return;
        }

        _metrics.Completed = true;
        Context.Parent.Tell(new PagerCompleted(_definition.Name));
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        _cancel.Cancel();
        _cancel.Dispose();
    }

    private static Exception Unwrap(Exception error) =>
        error is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : error;

    private sealed record StreamInit(Guid Run);

    private sealed record StreamAck
    {
        public static readonly StreamAck Instance = new();
    }

    private sealed record StreamDone(Guid Run);

    private sealed record StreamFailed(Guid Run, Exception Error);

    private sealed record FetchedPage(Guid Run, string Key, PageOutcome Outcome);
}

/// <summary>Told to the supervisor once every page of the pager is stored.</summary>
public sealed record PagerCompleted(string Pager);
