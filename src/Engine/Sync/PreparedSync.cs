using System.Diagnostics;
using BatonClerk.Engine.Sync.HeadStart;
using BatonClerk.Engine.Sync.Store;

namespace BatonClerk.Engine.Sync;

/// <summary>
/// A sync whose working database is being created on a thread of its own from the moment it is prepared, and whose first
/// Clerk requests are already out (<see cref="HeadStartCalls"/>), so that a caller who prepares it before creating its
/// actor system gets them all at once (the database takes ~60 ms to create, the
/// actor system ~120 ms; one after the other they delayed the first Clerk request). Run it once with
/// <see cref="ClerkSyncEngine.RunAsync(Akka.Actor.ActorSystem, PreparedSync, Action{SyncProgress}?, CancellationToken)"/>;
/// disposing one that never ran closes its database.
/// </summary>
public sealed class PreparedSync : IDisposable
{
    private readonly Task<ISyncStore> _store;
    private int _taken;
    private int _run;

    internal PreparedSync(ValidatedSyncOptions options)
    {
        Options = options;
        // The sync's trace starts here, so the early requests are part of it.
        var previous = Activity.Current;
        Span = Diagnostics.EngineTelemetry.Source.StartActivity("sync", ActivityKind.Internal, previous?.Context ?? default);
        Activity.Current = previous;
        // Before the store: it looks for a resumable working file, which the store's creation may make.
        HeadStart = HeadStartCalls.Begin(options, Span);
        _store = StartUpWork.Run(() => SyncRequestFactory.CreateStore(options));
    }

    public ValidatedSyncOptions Options { get; }

    /// <summary>The sync's span, begun at preparation; the run ends it.</summary>
    internal Activity? Span { get; }

    /// <summary>The first requests, sent from the moment of preparation (null when the sync makes none early).</summary>
    internal HeadStartCalls? HeadStart { get; }

    /// <summary>Marks the one run's start; a second is refused before it can touch the head start or the store.</summary>
    internal void BeginRun()
    {
        if (Interlocked.Exchange(ref _run, 1) != 0)
        {
            throw new InvalidOperationException("A prepared sync runs once.");
        }
    }

    /// <summary>The store, once: a failure to create it is thrown here, into the sync that needs it.</summary>
    internal ISyncStore TakeStore() =>
        Interlocked.Exchange(ref _taken, 1) == 0
            ? _store.GetAwaiter().GetResult()
            : throw new InvalidOperationException("A prepared sync runs once.");

    public void Dispose()
    {
        // The run disposes it when it ends; a sync that never ran (or failed before its start) leaves it here.
        HeadStart?.Dispose();
        if (Volatile.Read(ref _run) == 0 && Span is not null)
        {
            Span.SetStatus(ActivityStatusCode.Error, "the prepared sync never ran");
            Span.Stop();
        }

        if (Interlocked.Exchange(ref _taken, 1) != 0)
        {
            return;
        }

        try
        {
            _store.GetAwaiter().GetResult().Dispose();
        }
        catch (Exception)
        {
            // Never created: nothing to close. The sync that would have used it was never run.
        }
    }
}
