using Akka.Actor;

namespace BatonClerk.Engine.Sync;

/// <summary>Runs one sync in an actor system: the entry point the command and service mode share.</summary>
public static class ClerkSyncEngine
{
    public static Task<SyncSummary> RunAsync(
        ActorSystem system,
        ClerkSyncOptions options,
        Action<SyncProgress>? onProgress,
        CancellationToken cancellationToken,
        Func<string, CancellationToken, Task>? publish = null) =>
        RunAsync(system, options.Validate(), onProgress, cancellationToken, publish, null);

    public static Task<SyncSummary> RunAsync(
        ActorSystem system,
        ValidatedSyncOptions options,
        Action<SyncProgress>? onProgress,
        CancellationToken cancellationToken,
        Func<string, CancellationToken, Task>? publish = null,
        IActorRef? gate = null) =>
        RunAsync(system, options, onProgress, cancellationToken, publish, gate, NewRunName());

    /// <summary>
    /// Starts, on a thread of its own, one-time work that a process's first Clerk request would otherwise wait for: the
    /// retry pipeline's option checks, which read the options' attributes by reflection the first time (~45 ms).
    /// Call it first thing in a process that will sync, while the command line is still being read; it sends nothing.
    /// </summary>
    public static void StartWarmUp() => _ = StartUpWork.Run(Clerk.ClerkResilience.WarmUp);

    /// <summary>
    /// Starts creating the sync's working database now, on a thread of its own, and (for a fresh full sync) sends its first
    /// Clerk requests; prepare before creating the actor system and they overlap it. Run the result with <see cref="RunAsync(ActorSystem, PreparedSync, Action{SyncProgress}?, CancellationToken)"/>.
    /// </summary>
    public static PreparedSync Prepare(ValidatedSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PreparedSync(options);
    }

    /// <summary>Runs a prepared sync (once) with the store its preparation created.</summary>
    public static Task<SyncSummary> RunAsync(ActorSystem system, PreparedSync prepared, Action<SyncProgress>? onProgress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        prepared.BeginRun();
        return RunAsync(system, prepared.Options, onProgress, cancellationToken, null, null, NewRunName(), prepared.TakeStore, prepared.HeadStart, prepared.Span);
    }

    /// <summary>A fresh name for a sync's top-level actor, unique in its system.</summary>
    internal static string NewRunName() => "sync-" + Guid.NewGuid().ToString("N")[..8];

    /// <param name="runName">The sync's top-level actor; its actors log with paths under it.</param>
    internal static async Task<SyncSummary> RunAsync(
        ActorSystem system,
        ValidatedSyncOptions options,
        Action<SyncProgress>? onProgress,
        CancellationToken cancellationToken,
        Func<string, CancellationToken, Task>? publish,
        IActorRef? gate,
        string runName,
        Func<Store.ISyncStore>? store = null,
        HeadStart.HeadStartCalls? headStart = null,
        System.Diagnostics.Activity? span = null)
    {
        var completion = new TaskCompletionSource<SyncSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = SyncRequestFactory.Create(options, completion, onProgress, headStart) with
        {
            Publish = publish,
            PublishCancellation = cancellationToken,
            Gate = gate,
            Span = span,
        };
        if (store is not null)
        {
            request = request with { StoreFactory = store };
        }

        var supervisor = system.ActorOf(SyncSupervisor.Props(request), runName);
        await using var registration = cancellationToken.Register(() => supervisor.Tell(CancelSync.Instance)).ConfigureAwait(false);
        return await completion.Task.ConfigureAwait(false);
    }
}
