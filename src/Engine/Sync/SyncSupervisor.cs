using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Mapping;
using BatonClerk.Engine.Sync.Gate;
using BatonClerk.Engine.Sync.Pagers;
using BatonClerk.Engine.Sync.Resources;
using BatonClerk.Engine.Sync.Store;
using BatonClerk.Engine.Sync.Uploader;

namespace BatonClerk.Engine.Sync;

/// <summary>
/// One per sync run. Spawns the gate, the uploader and one pager per resource sync (<see cref="ResourceSyncs"/>),
/// each when what it comes after is done, restarts pagers on transient faults, and ends the run:
/// with the published file on success, or with no output at all on failure. The run ends only when every pager the
/// configuration requires has finished (a set, not a count of running pagers: a resumed run replays finished pagers'
/// completions in any order); the uploader then checks its ledger again before it publishes anything.
/// Children report their own failures (<see cref="PagerFailed"/>, or a <see cref="Status.Failure"/> from the
/// uploader); a pager that failed on a transient fault is replaced by a new one that continues from its
/// <see cref="PageWorkList"/>, at most <see cref="SyncSettings.MaxPagerRestarts"/> times a minute per endpoint.
/// </summary>
internal sealed class SyncSupervisor : ReceiveActor, IWithTimers
{
    private readonly SyncRequest _request;
    private readonly SyncSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SyncMetrics _metrics = new();
    private readonly SyncCatalog _catalog = new();
    private readonly Dictionary<string, PageWorkList> _work = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IPagerDefinition> _definitions = new(StringComparer.Ordinal);
    private readonly PagerReplacements _replacements;
    private readonly Dictionary<IActorRef, string> _running = [];
    private readonly HashSet<string> _required = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];
    private readonly IdleStorePolicy _idleStore = new();

    private IActorRef? _gate;

    // Shared by every pager of this sync: their pages' CPU work in priority order (memberships before users).
    private readonly PageWorkTurns _pageWork = new(PageWorkTurns.DefaultSlots);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private IActorRef _uploader = ActorRefs.Nobody;
    private readonly ResourceSyncs _syncs = new();

    // One per sync, completed when it finishes (or at start when it is not needed): what a sync that fetches early
    // (IResourceSync.FetchesEarly) waits for before mapping its pages. Read from the pagers' threads, never changed.
    private readonly Dictionary<string, TaskCompletionSource> _finishedSignals = ResourceSyncs.Names.ToDictionary(
        n => n, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), StringComparer.Ordinal);
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private SyncContext _context = null!;
    private ISyncStore? _store;
    private IClerkApi? _api;
    private Exception? _crash;
    private Exception? _failure;
    private SyncSummary? _summary;
    private bool _completing;
    private ResumeSnapshot _resume = ResumeSnapshot.From(new Dictionary<string, string>());
    private Activity? _span;
    private readonly Dictionary<string, Activity> _phases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _pagerStarted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _stepDurationsMs = new(StringComparer.Ordinal);

    public SyncSupervisor(SyncRequest request)
    {
        _request = request;
        _settings = request.Settings;
        _replacements = new PagerReplacements(_settings.MaxPagerRestarts, TimeSpan.FromMinutes(1));

        Receive<PagerCompleted>(OnPagerCompleted);
        Receive<PagerFailed>(OnPagerFailed);
        Receive<StoreCompleted>(OnStored);
        Receive<Warning>(m => AddWarning(m.Message));
        Receive<Terminated>(OnTerminated);
        Receive<CancelSync>(_ => Fail(new OperationCanceledException("The sync was cancelled.")));
        Receive<PublishProgress>(_ => _request.OnProgress?.Invoke(Snapshot()));
        Receive<CheckIdleStore>(_ => OnCheckIdleStore());
        Receive<Status.Failure>(f => Fail(f.Cause));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SyncRequest request) => Akka.Actor.Props.Create(() => new SyncSupervisor(request));

    // Pagers and the uploader report their own errors; an exception that escapes them is a defect, so the child
    // stops and the run fails with that exception rather than retrying it.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(ex =>
    {
        _crash ??= ex;
        return Directive.Stop;
    });

    protected override void PreStart()
    {
        // Started without becoming Activity.Current: the actor's thread serves other actors too.
        var previous = Activity.Current;
        _span = _request.Span ?? Diagnostics.EngineTelemetry.Source.StartActivity("sync", ActivityKind.Internal, previous?.Context ?? default);
        Activity.Current = previous;
        // First, so that it overlaps everything else the start does (docs/perf-issue15.md, round 8).
        PagerStreamWarmUp.StartOnce(Context.System);
        ResumeEntries.WarmUpOnce();
        try
        {
            var gate = _request.Gate ?? Context.ActorOf(RateLimitGate.Props(new RateLimitGateSettings(_settings.Budget)
            {
                WindowMargin = _settings.GateWindowMargin,
                DefaultRetryAfter = _settings.DefaultRetryAfter,
            }), "gate");
            _gate = gate;
            var gateClient = new GateClient(gate, _metrics);
            _api = _request.ApiFactory(gateClient);
            if (_request.HeadStart is { } headStart)
            {
                // Before any pager exists, so the gate counts the early requests before it grants anything.
                headStart.Attach(gate, _metrics, gateClient);
                _api = headStart.Wrap(_api);
            }
            var self = Self;
            _store = _request.StoreFactory();
            _context = new SyncContext(new ClerkCalls(_api, gateClient, _metrics), _settings, _catalog, _metrics, m => self.Tell(new Warning(m)))
            {
                EncodeRows = _store.TakesEncodedRows,
                Finished = WhenFinished,
            };
            var uploaderProps = C1Uploader.Props(_store, _request.Publish, _request.PublishCancellation);
            if (!Context.System.Dispatchers.HasDispatcher(C1Uploader.DispatcherId))
            {
                uploaderProps = uploaderProps.WithDispatcher(Akka.Dispatch.Dispatchers.DefaultDispatcherId);
            }

            _uploader = Context.ActorOf(uploaderProps, "uploader");
            Context.Watch(_uploader);
            if (_store.Resumed)
            {
                Restore(ResumeSnapshot.From(_store.LoadState()));
            }

            _uploader.Tell(new StoreResourceTypes([.. ResourceTypes.All.Where(t => _settings.Syncs(t.Id))]));

            foreach (var sync in _syncs.All)
            {
                if (sync.IsNeeded(_settings))
                {
                    _required.Add(sync.Name);
                }
                else
                {
                    sync.Skip(_context);
                    _finishedSignals[sync.Name].TrySetResult();
                }
            }

            StartReady();

            // After the pagers are spawned, so it never holds up the first request.
            CodeWarmUp.StartOnce();
            Timers.StartPeriodicTimer("progress", PublishProgress.Instance, _settings.ProgressInterval);
            Timers.StartPeriodicTimer(IdleTimer, CheckIdleStore.Instance, IdleStorePolicy.CheckInterval);
            _log.Info("Sync started: budget {0} requests per {1} s, parallelism {2}", _settings.Budget.RequestsPerWindow, _settings.Budget.Window.TotalSeconds, _settings.Parallelism);
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    protected override void PostStop()
    {
        _store?.Dispose();
        (_api as IDisposable)?.Dispose();
        var outcome = _summary is not null ? "success" : "failure";
        foreach (var phase in _phases.Values)
        {
            phase.SetStatus(ActivityStatusCode.Error, "the sync ended before this phase finished");
            phase.Stop();
        }

        if (_span is not null)
        {
            _span.SetTag("sync.outcome", outcome);
            if (_summary is null)
            {
                _span.SetStatus(ActivityStatusCode.Error, _failure?.GetType().Name);
            }
            else
            {
                _span.SetTag("sync.id", _summary.SyncId);
                _span.SetTag("sync.requests", _summary.Requests);
            }

            _span.Stop();
        }

        Diagnostics.EngineTelemetry.SyncDuration.Record(_clock.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("sync.outcome", outcome));
        if (_summary is { OutputBytes: > 0 } published)
        {
            Diagnostics.EngineTelemetry.C1zBytes.Add(published.OutputBytes);
        }
        var progress = Snapshot();
        _request.OnProgress?.Invoke(progress);
        if (_summary is not null)
        {
            _request.Completion.TrySetResult(_summary);
        }
        else
        {
            _request.Completion.TrySetException(_failure ?? new InvalidOperationException("The sync stopped unexpectedly."));
        }
    }

    private void Restore(ResumeSnapshot snapshot)
    {
        _resume = snapshot;
        if (snapshot.Roles is { } roles)
        {
            _catalog.AddRoles(roles);
        }

        if (snapshot.RoleSets is { } roleSets)
        {
            _catalog.RestoreRoleSets(roleSets);
        }

        var roleSetOf = snapshot.OrganizationRoleSets ?? new Dictionary<string, string>();
        foreach (var (id, count) in snapshot.OrganizationMembers ?? new Dictionary<string, int>())
        {
            _catalog.AddOrganization(id, count < 0 ? null : count, roleSetOf.GetValueOrDefault(id));
        }

        foreach (var name in ResourceSyncs.Names)
        {
            var (items, pages) = snapshot.Stored(name);
            _metrics.For(name).Restore(items, pages);
            if (snapshot.WorkList(name) is { } work)
            {
                _work[name] = work;
            }
        }

        _log.Info("Resuming sync {0}: {1} pages already stored, finished: {2}", _store!.SyncId,
            _metrics.Pagers.Values.Sum(p => p.Pages), string.Join(", ", snapshot.CompletedPagers.Order(StringComparer.Ordinal)));
    }

    /// <summary>
    /// Starts every needed sync that has not started and whose predecessors are done (finished, or not needed by
    /// this configuration). The run is complete only when every needed sync has finished.
    /// </summary>
    private void StartReady()
    {
        foreach (var sync in _syncs.All)
        {
            if (!_required.Contains(sync.Name) || _started.Contains(sync.Name)
                || !sync.StartsAfter(_settings).All(before => _finished.Contains(before) || !_required.Contains(before)))
            {
                continue;
            }

            _started.Add(sync.Name);
            var pager = sync.Create(_context);
            if (sync.PlanNote is { } plan)
            {
                _log.Info("{0} plan: {1}", sync.Name, plan);
            }

            StartPager(pager);
        }
    }

    private void StartPager(IPagerDefinition definition)
    {
        if (_resume.CompletedPagers.Contains(definition.Name))
        {
            // Finished before the interruption: only its completion has to be replayed.
            _metrics.For(definition.Name).Completed = true;
            Self.Tell(new PagerCompleted(definition.Name));
            return;
        }

        if (!_work.TryGetValue(definition.Name, out var work))
        {
            work = new PageWorkList();
            _work[definition.Name] = work;
        }

        if (!work.Started)
        {
            _uploader.Tell(new SaveState([.. ResumeEntries.Issued(definition.Name, definition.InitialRequests)]));
        }

        _definitions[definition.Name] = definition;
        _pagerStarted[definition.Name] = _clock.Elapsed;
        var previous = Activity.Current;
        var phase = Diagnostics.EngineTelemetry.Source.StartActivity("sync.phase", ActivityKind.Internal, _span?.Context ?? default);
        Activity.Current = previous;
        if (phase is not null)
        {
            phase.SetTag("clerk.pager", definition.Name);
            _phases[definition.Name] = phase;
        }

        Spawn(definition, work, "pager-" + definition.Name);
    }

    private void Spawn(IPagerDefinition definition, PageWorkList work, string actorName)
    {
        var phase = _phases.TryGetValue(definition.Name, out var span) ? span.Context : default;
        var pager = Context.ActorOf(
            PagerActor.Props(definition, work, _uploader, _metrics.For(definition.Name), GatePriority.InFlight(definition.Name, _settings.Parallelism), phase, _store?.TakesEncodedRows ?? false, _pageWork, _gate),
            actorName);
        Context.Watch(pager);
        _running[pager] = definition.Name;
    }

    /// <summary>
    /// A pager's stream failed. A transient fault (Clerk 5xx or timeout after the client's own retries) gets a new
    /// pager for the endpoint that continues from the work list; anything else, or too many replacements within a
    /// minute, fails the run.
    /// </summary>
    private void OnPagerFailed(PagerFailed message)
    {
        _running.Remove(Sender);
        Context.Unwatch(Sender);
        var error = message.Cause;
        var transient = error is ClerkApiException { IsTransient: true } or TimeoutException or HttpRequestException;
        if (!transient || _failure is not null || _replacements.TryTake(message.Pager, _clock.Elapsed) is not { } generation)
        {
            Fail(error);
            return;
        }

        _log.Warning("The {0} pager failed on a transient fault and is replaced: {1}", message.Pager, error.Message);
        Spawn(_definitions[message.Pager], _work[message.Pager], $"pager-{message.Pager}-{generation}");
    }

    private void OnPagerCompleted(PagerCompleted message)
    {
        if (!Sender.Equals(Self))
        {
            _running.Remove(Sender);
            Context.Unwatch(Sender);
        }

        if (!_finished.Add(message.Pager))
        {
            return;
        }

        if (_pagerStarted.Remove(message.Pager, out var started))
        {
            var step = StepOf(message.Pager);
            _stepDurationsMs[step] = _stepDurationsMs.GetValueOrDefault(step) + (long)(_clock.Elapsed - started).TotalMilliseconds;
        }

        if (_phases.Remove(message.Pager, out var finishedPhase))
        {
            finishedPhase.SetTag("sync.items", _metrics.For(message.Pager).Items);
            finishedPhase.Stop();
        }

        _log.Info("Pager {0} finished: {1} items in {2} pages", message.Pager, _metrics.For(message.Pager).Items, _metrics.For(message.Pager).Pages);
        var saved = new List<KeyValuePair<string, string>> { ResumeEntries.Complete(message.Pager) };
        if (SyncOf(message.Pager) is { } sync)
        {
            saved.AddRange(sync.OnFinished(_context));
        }

        // Saved before the next syncs start, so a resumed run never finds its pages without the catalog they need.
        _uploader.Tell(new SaveState(saved));
        _finishedSignals[message.Pager].TrySetResult();
        StartReady();
        CompleteWhenAllFinished();
    }

    private Task WhenFinished(IReadOnlyList<string> syncs) =>
        syncs.Count == 1 ? _finishedSignals[syncs[0]].Task : Task.WhenAll(syncs.Select(n => _finishedSignals[n].Task));

    private IResourceSync? SyncOf(string pager) => _syncs.All.FirstOrDefault(s => s.Name == pager);

    private void CompleteWhenAllFinished()
    {
        if (_completing || !_required.IsSubsetOf(_finished) || _running.Count > 0)
        {
            return;
        }

        _completing = true;
        _uploader.Ask<StoreCompleted>(new CompleteStore([.. _required], Completion()), Timeout.InfiniteTimeSpan).PipeTo(Self);
    }

    // The SDK's step buckets: our pagers run side by side, so a bucket sums the wall time of the pagers in it.
    private string StepOf(string pager) => SyncOf(pager)?.Step(_settings) ?? "list-resources";

    private C1z.C1zCompletion Completion()
    {
        var steps = new Dictionary<string, long>(_stepDurationsMs, StringComparer.Ordinal);
        if (_metrics.GateWaitTotal > TimeSpan.Zero)
        {
            steps["rate_limit_wait"] = (long)_metrics.GateWaitTotal.TotalMilliseconds;
        }

        return new C1z.C1zCompletion { SyncType = _settings.Scope.SyncType, StepDurationsMs = steps };
    }

    private void OnStored(StoreCompleted completed)
    {
        var stored = completed.Stored;
        foreach (var closing in _syncs.All.SelectMany(s => s.ClosingWarnings()))
        {
            AddWarning(closing);
        }

        foreach (var pager in _metrics.Pagers.Values.Where(p => p.Expected >= 0 && p.Items != p.Expected))
        {
            AddWarning($"Clerk announced {pager.Expected} {pager.Name} but {pager.Items} arrived (the data changed during the sync, or paging skipped or repeated rows).");
        }

        _summary = new SyncSummary
        {
            SyncId = _store!.SyncId,
            OutputPath = stored.OutputPath,
            OutputBytes = stored.OutputBytes,
            Items = SyncItemCounts.From(_metrics.Pagers.Values.ToDictionary(p => p.Name, p => p.Items, StringComparer.Ordinal)),
            Resources = stored.Resources,
            Entitlements = stored.Entitlements,
            Grants = stored.Grants,
            Requests = _metrics.Requests,
            RateLimited = _metrics.RateLimitedResponses,
            Retries = _metrics.Retries,
            Duration = _clock.Elapsed,
            UsersPlan = _syncs.Users.Plan(_settings, _metrics),
            MembershipPlan = _syncs.Memberships.Plan,
            Pages = completed.Pages,
            Warnings = [.. _warnings],
        };
        _store = null;
        Context.Stop(Self);
    }

    private void OnTerminated(Terminated message)
    {
        if (message.ActorRef.Equals(_uploader))
        {
            Fail(_crash ?? new InvalidOperationException("The c1z writer stopped unexpectedly."));
            return;
        }

        if (_running.Remove(message.ActorRef, out var name))
        {
            Fail(_crash ?? new InvalidOperationException($"The {name} pager stopped unexpectedly."));
        }
    }

    private void Fail(Exception error)
    {
        if (_failure is not null || _summary is not null)
        {
            return;
        }

        _failure = error;
        _log.Error("Sync failed: {0}", error.Message);
        Context.Stop(Self);
    }

    private void AddWarning(string message)
    {
        _warnings.Add(message);
        _log.Warning(message);
    }

    private SyncProgress Snapshot() => ProgressEstimate.Snapshot(_metrics, _work, _required, _settings, _clock.Elapsed);

    private sealed record Warning(string Message);

    private void OnCheckIdleStore()
    {
        if (_completing || _store is null)
        {
            Timers.Cancel(IdleTimer);
            return;
        }

        var storeIdle = _metrics.Pagers.Values.All(p => p.Storing == 0);
        if (_idleStore.Allows(Snapshot(), storeIdle))
        {
            // Once per sync; the uploader takes it in order with the pages, before any completion.
            Timers.Cancel(IdleTimer);
            _uploader.Tell(UseIdleTime.Instance);
        }
    }

    private const string IdleTimer = "idle-store";

    private sealed record CheckIdleStore
    {
        public static readonly CheckIdleStore Instance = new();
    }

    private sealed record PublishProgress
    {
        public static readonly PublishProgress Instance = new();
    }
}
