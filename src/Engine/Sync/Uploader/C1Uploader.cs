using Akka.Actor;
using Akka.Event;
using BatonClerk.Engine.Diagnostics;
using BatonClerk.Engine.Sync.Store;

namespace BatonClerk.Engine.Sync.Uploader;

/// <summary>
/// INTERNAL API. The sink of every page and the owner of delivery. It is the only writer of the sync's store: each
/// pager's stream asks it to write one page (resources, entitlements, grants and the page's resume entries, in one
/// transaction) and waits for the receipt, which is what paces the streams. It keeps the <see cref="PageLedger"/>
/// of what was planned and stored, refuses to complete a sync the ledger cannot prove complete, and on completion
/// publishes the c1z and, in service mode, uploads it to C1 before the sync counts as done. A write that fails is
/// answered with the error (to the asker, or to the parent for messages nobody waits on). It runs on its own pinned
/// dispatcher because SQLite work blocks. The idle-time index build runs on a thread of its own; writes that arrive
/// meanwhile are held in order (<see cref="HeldWrites"/>) and stored when it ends, and a failure to store a held page,
/// whose receipt is already out, fails the sync and stores nothing held after it. If it stops without completing,
/// the store is discarded (after a running step, which it interrupts) and no output appears.
/// </summary>
internal sealed class C1Uploader : ReceiveActor
{
    private readonly ISyncStore _store;
    private readonly Func<string, CancellationToken, Task>? _publish;
    private readonly CancellationToken _publishCancellation;
    private readonly PageLedger _ledger = new();
    private bool _completed;
    private bool _completing;
    private readonly HeldWrites _held;
    private long _idleStarted;
    private int _idleSteps;
    private Task<IdleWork>? _step;
    private Exception? _broken;

    public C1Uploader(ISyncStore store, Func<string, CancellationToken, Task>? publish = null, CancellationToken publishCancellation = default)
    {
        _store = store;
        _publish = publish;
        _publishCancellation = publishCancellation;
        _held = new HeldWrites(store.SpoolDirectory);
        if (store.Resumed)
        {
            _ledger.Record(store.LoadState());
        }

        // While an idle step has the store, writes wait in order behind it (see HeldWrites).
        Receive<StoreResourceTypes>(_ => _step is not null, Hold);
        Receive<StorePage>(_ => _step is not null, HoldPage);
        Receive<SaveState>(_ => _step is not null, Hold);
        Receive<CompleteStore>(_ => _step is not null, Hold);
        Receive<IdleStepDone>(OnIdleStepDone);
        Receive<StoreResourceTypes>(m => Unanswered(() => _store.PutResourceTypes(m.Types)));
        Receive<StorePage>(OnStorePage);
        Receive<SaveState>(m => Unanswered(() => Save(m.Entries)));
        Receive<UseIdleTime>(_ => Unanswered(OnIdle));
        ReceiveAsync<CompleteStore>(OnCompleteStoreAsync);
    }

    public static Props Props(ISyncStore store, Func<string, CancellationToken, Task>? publish = null, CancellationToken publishCancellation = default) =>
        Akka.Actor.Props.Create(() => new C1Uploader(store, publish, publishCancellation)).WithDispatcher(DispatcherId);

    public const string DispatcherId = "baton-clerk.uploader-dispatcher";

    private void OnStorePage(StorePage page)
    {
        if (RefusedAfterBreak(page))
        {
            return;
        }

        try
        {
            Store(page);
        }
        catch (Exception e)
        {
            Sender.Tell(new Status.Failure(e));
            return;
        }

        Sender.Tell(new PageStored(page.Key, page.ItemCount));
    }

    private void Store(StorePage page)
    {
        if (page.Rows is { } rows)
        {
            using (rows)
            {
                _store.PutRows(rows);
            }
        }

        if (page.Resources.Count > 0)
        {
            _store.PutResources((IReadOnlyCollection<Baton.V2.Resource>)page.Resources);
        }

        if (page.Entitlements.Count > 0)
        {
            _store.PutEntitlements((IReadOnlyCollection<Baton.V2.Entitlement>)page.Entitlements);
        }

        if (page.Grants.Count > 0)
        {
            _store.PutGrants((IReadOnlyCollection<Baton.V2.Grant>)page.Grants);
        }

        // After the rows: a run killed in between fetches this page again, which the upserts absorb.
        Save(ResumeEntries.ForStoredPage(page));
        TestStall.AfterPageCommit(page.Pager);
    }

    private async Task OnCompleteStoreAsync(CompleteStore message)
    {
        // A step of idle work still in the mailbox is not done after this: completion does what is left of it.
        _completing = true;
        var replyTo = Sender;
        if (_broken is { } broken)
        {
            replyTo.Tell(new Status.Failure(broken));
            return;
        }

        if (_ledger.Incompleteness(message.RequiredPagers) is { } missing)
        {
            // Whatever the supervisor believed, a sync that lacks a planned page is never published.
            replyTo.Tell(new Status.Failure(new IncompleteSyncException(missing, _ledger.Counts())));
            return;
        }

        StoreSummary summary;
        try
        {
            summary = _store.Complete(message.Completion ?? C1z.C1zCompletion.Default);
            _completed = true;
            if (_publish is not null && summary.OutputPath is { } path)
            {
                // The single owner of the file also delivers it; the sync is done only once C1 has it.
                await _publish(path, _publishCancellation).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            replyTo.Tell(new Status.Failure(e));
            return;
        }

        replyTo.Tell(new StoreCompleted(summary, _ledger.Counts()));
    }

    private void OnIdle()
    {
        if (_completing || _step is not null || _broken is not null)
        {
            return;
        }

        if (_idleSteps == 0)
        {
            _idleStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        }

        // The step runs on a thread of its own, so the pages that arrive meanwhile are held (and answered) instead
        // of waiting for it: the pagers keep spending the budget while the store sorts.
        var store = _store;
        _step = Task.Factory.StartNew(store.UseIdleTime, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _step.PipeTo(Self, Self, work => new IdleStepDone(work, null), error => new IdleStepDone(IdleWork.Nothing, error is AggregateException { InnerException: { } inner } ? inner : error));
    }

    private void Hold(object message) => _held.Hold(message, Sender);

    // Held in order and answered now: storing it later is storing it now as far as anyone can tell, save a kill,
    // which loses it together with its resume entries, so the resumed run fetches it again.
    private void HoldPage(StorePage page)
    {
        if (RefusedAfterBreak(page))
        {
            return;
        }

        try
        {
            _held.Hold(page, ActorRefs.Nobody);
        }
        catch (Exception e)
        {
            // The spool could not take it (a full disk): the sync fails, as a failed write would fail it.
            page.Rows?.Dispose();
            Break(e);
            Sender.Tell(new Status.Failure(e));
            return;
        }

        Sender.Tell(new PageStored(page.Key, page.ItemCount));
    }

    private void OnIdleStepDone(IdleStepDone done)
    {
        _step = null;
        if (done.Error is { } error)
        {
            Break(error);
        }

        while (_broken is null && TakeHeld() is { } held)
        {
            switch (held.Message)
            {
                case StorePage page:
                    Held(() => Store(page));
                    break;
                case SaveState m:
                    Held(() => Save(m.Entries));
                    break;
                case StoreResourceTypes m:
                    Held(() => _store.PutResourceTypes(m.Types));
                    break;
                default:
                    // A completion: asked again behind what was held, as it would have been handled after it.
                    Self.Tell(held.Message, held.Sender);
                    break;
            }
        }

        if (_broken is not null)
        {
            foreach (var (message, sender) in _held.Discard())
            {
                if (message is CompleteStore)
                {
                    Self.Tell(message, sender);
                }
            }

            return;
        }

        if (done.Work == IdleWork.Nothing)
        {
            return;
        }

        _idleSteps++;
        if (done.Work == IdleWork.MoreLeft)
        {
            Self.Tell(UseIdleTime.Instance);
            return;
        }

        Context.GetLogger().Info("Built the c1z's {0} deferred indexes while waiting on the rate limit, holding the pages that arrived meanwhile in order ({1:F0} ms from the first to the last)",
            _idleSteps, System.Diagnostics.Stopwatch.GetElapsedTime(_idleStarted).TotalMilliseconds);
    }

    // The oldest held write, or null when none is left or the spool cannot give it back (which fails the sync).
    private (object Message, IActorRef Sender)? TakeHeld()
    {
        try
        {
            return _held.TryTake(out var message, out var sender) ? (message, sender) : null;
        }
        catch (Exception e)
        {
            Break(e);
            return null;
        }
    }

    // A held write's receipt (if it had one) is out, so its failure fails the sync, and nothing held after it is
    // stored: a later page's resume entries would tell a resumed run that this one is done.
    private void Held(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e)
        {
            Break(e);
        }
    }

    // After a break nothing more is stored; a page still arriving is refused with the error that broke it.
    private bool RefusedAfterBreak(StorePage page)
    {
        if (_broken is not { } broken)
        {
            return false;
        }

        page.Rows?.Dispose();
        Sender.Tell(new Status.Failure(broken));
        return true;
    }

    private void Break(Exception error)
    {
        if (_broken is null)
        {
            _broken = error;
            Context.Parent.Tell(new Status.Failure(error));
        }
    }

    private sealed record IdleStepDone(IdleWork Work, Exception? Error);

    private void Save(IReadOnlyCollection<KeyValuePair<string, string>> entries)
    {
        _store.SaveState(entries);
        _ledger.Record(entries);
    }

    private void Unanswered(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e)
        {
            Context.Parent.Tell(new Status.Failure(e));
        }
    }

    protected override void PostStop()
    {
        if (_step is { IsCompleted: false } step)
        {
            // The store is the step's until it ends: ask SQLite to stop it, and wait.
            _store.Interrupt();
            try
            {
                step.Wait();
            }
            catch (AggregateException)
            {
                // Interrupted, or failed: either way the store is discarded below.
            }
        }

        _held.Dispose();
        if (!_completed)
        {
            _store.Dispose();
        }
    }
}

/// <summary>The ledger could not prove the sync complete, so nothing was published.</summary>
public sealed class IncompleteSyncException(string missing, IReadOnlyDictionary<string, PageCount> pages)
    : Exception($"refusing to publish an incomplete sync: {missing}")
{
    public IReadOnlyDictionary<string, PageCount> Pages { get; } = pages;
}
