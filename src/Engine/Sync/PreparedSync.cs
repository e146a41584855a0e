using BatonClerk.Engine.Sync.Store;

namespace BatonClerk.Engine.Sync;

/// <summary>
/// A sync whose working database is being created on a pool thread from the moment it is prepared, so that a caller
/// who prepares it before creating its actor system gets both at once (the database takes ~60 ms to create, the
/// actor system ~120 ms; one after the other they delayed the first Clerk request). Run it once with
/// <see cref="ClerkSyncEngine.RunAsync(Akka.Actor.ActorSystem, PreparedSync, Action{SyncProgress}?, CancellationToken)"/>;
/// disposing one that never ran closes its database.
/// </summary>
public sealed class PreparedSync : IDisposable
{
    private readonly Task<ISyncStore> _store;
    private int _taken;

    internal PreparedSync(ValidatedSyncOptions options)
    {
        Options = options;
        _store = Task.Run(() => SyncRequestFactory.CreateStore(options));
    }

    public ValidatedSyncOptions Options { get; }

    /// <summary>The store, once: a failure to create it is thrown here, into the sync that needs it.</summary>
    internal ISyncStore TakeStore() =>
        Interlocked.Exchange(ref _taken, 1) == 0
            ? _store.GetAwaiter().GetResult()
            : throw new InvalidOperationException("A prepared sync runs once.");

    public void Dispose()
    {
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
