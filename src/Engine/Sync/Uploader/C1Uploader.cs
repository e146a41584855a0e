using Akka.Actor;
using BatonClerk.Engine.Diagnostics;
using BatonClerk.Engine.Sync.Store;

namespace BatonClerk.Engine.Sync.Uploader;

/// <summary>
/// The single writer of the sync's store and the owner of its delivery: pagers send it pages, it commits each in
/// one transaction and acknowledges, which is what paces the streams; it keeps the <see cref="PageLedger"/> of
/// what was planned and stored, refuses to complete a sync the ledger cannot prove complete, and publishes (in
/// service mode uploads) the finished c1z. It runs on its own pinned dispatcher because SQLite work blocks.
/// If it stops without completing, the store is discarded and no output appears.
/// </summary>
public sealed class C1Uploader : ReceiveActor
{
    private readonly ISyncStore _store;
    private readonly PageLedger _ledger = new();
    private bool _completed;

    public C1Uploader(ISyncStore store, Func<string, CancellationToken, Task>? publish = null, CancellationToken publishCancellation = default)
    {
        _store = store;
        if (store.Resumed)
        {
            _ledger.Record(store.LoadState());
        }

        Receive<StoreResourceTypes>(m =>
        {
            _store.PutResourceTypes(m.Types);
            Sender.Tell(new BatchStored("resource-types", m.Types.Count));
        });
        Receive<StoreBatch>(m =>
        {
            if (m.Resources.Count > 0)
            {
                _store.PutResources((IReadOnlyCollection<Baton.V2.Resource>)m.Resources);
            }

            if (m.Entitlements.Count > 0)
            {
                _store.PutEntitlements((IReadOnlyCollection<Baton.V2.Entitlement>)m.Entitlements);
            }

            if (m.Grants.Count > 0)
            {
                _store.PutGrants((IReadOnlyCollection<Baton.V2.Grant>)m.Grants);
            }

            // After the rows: a run killed in between fetches this page again, which the upserts absorb.
            var entries = ResumeKeys.ForStoredPage(m);
            _store.SaveState(entries);
            _ledger.Record(entries);
            TestStall.AfterPageCommit(m.Pager);
            Sender.Tell(new BatchStored(m.Key, m.ItemCount));
        });
        Receive<SaveState>(m =>
        {
            _store.SaveState(m.Entries);
            _ledger.Record(m.Entries);
        });
        ReceiveAsync<CompleteStore>(async m =>
        {
            var replyTo = Sender;
            if (_ledger.Incompleteness(m.RequiredPagers) is { } missing)
            {
                // Whatever the supervisor believed, a sync that lacks a planned page is never published.
                replyTo.Tell(new Status.Failure(new IncompleteSyncException(missing, _ledger.Counts())));
                return;
            }

            var summary = _store.Complete(m.Completion ?? C1z.C1zCompletion.Default);
            _completed = true;
            if (publish is not null && summary.OutputPath is { } path)
            {
                // The single owner of the file also delivers it; the sync is done only once C1 has it.
                try
                {
                    await publish(path, publishCancellation).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // Never restartable: the store is complete, so a restarted writer would have nothing to publish.
                    throw new PublishFailedException(e);
                }
            }

            replyTo.Tell(new StoreCompleted(summary, _ledger.Counts()));
        });
    }

    public static Props Props(ISyncStore store, Func<string, CancellationToken, Task>? publish = null, CancellationToken publishCancellation = default) =>
        Akka.Actor.Props.Create(() => new C1Uploader(store, publish, publishCancellation)).WithDispatcher(DispatcherId);

    public const string DispatcherId = "baton-clerk.uploader-dispatcher";

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

/// <summary>The finished c1z could not be delivered; wraps the delivery's own error.</summary>
public sealed class PublishFailedException(Exception inner) : Exception(inner.Message, inner);
