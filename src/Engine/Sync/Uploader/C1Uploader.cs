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
/// dispatcher because SQLite work blocks. If it stops without completing, the store is discarded and no output
/// appears.
/// </summary>
internal sealed class C1Uploader : ReceiveActor
{
    private readonly ISyncStore _store;
    private readonly Func<string, CancellationToken, Task>? _publish;
    private readonly CancellationToken _publishCancellation;
    private readonly PageLedger _ledger = new();
    private bool _completed;
    private bool _completing;
    private long _idleStarted;
    private int _idleSteps;

    public C1Uploader(ISyncStore store, Func<string, CancellationToken, Task>? publish = null, CancellationToken publishCancellation = default)
    {
        _store = store;
        _publish = publish;
        _publishCancellation = publishCancellation;
        if (store.Resumed)
        {
            _ledger.Record(store.LoadState());
        }

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
        try
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
        catch (Exception e)
        {
            Sender.Tell(new Status.Failure(e));
            return;
        }

        Sender.Tell(new PageStored(page.Key, page.ItemCount));
    }

    private async Task OnCompleteStoreAsync(CompleteStore message)
    {
        // A step of idle work still in the mailbox is not done after this: completion does what is left of it.
        _completing = true;
        var replyTo = Sender;
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
        if (_completing)
        {
            return;
        }

        if (_idleSteps == 0)
        {
            _idleStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        }

        var work = _store.UseIdleTime();
        if (work == IdleWork.Nothing)
        {
            return;
        }

        _idleSteps++;
        if (work == IdleWork.MoreLeft)
        {
            // Behind the pages that arrived during this step: they are stored before the next one starts.
            Self.Tell(UseIdleTime.Instance);
            return;
        }

        Context.GetLogger().Info("Built the c1z's {0} deferred indexes while waiting on the rate limit, one at a time between pages ({1:F0} ms from the first to the last)",
            _idleSteps, System.Diagnostics.Stopwatch.GetElapsedTime(_idleStarted).TotalMilliseconds);
    }

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
