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

    public static async Task<SyncSummary> RunAsync(
        ActorSystem system,
        ValidatedSyncOptions options,
        Action<SyncProgress>? onProgress,
        CancellationToken cancellationToken,
        Func<string, CancellationToken, Task>? publish = null,
        IActorRef? gate = null)
    {
        var completion = new TaskCompletionSource<SyncSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = SyncRequestFactory.Create(options, completion, onProgress) with
        {
            Publish = publish,
            PublishCancellation = cancellationToken,
            Gate = gate,
        };
        var supervisor = system.ActorOf(SyncSupervisor.Props(request), "sync-" + Guid.NewGuid().ToString("N")[..8]);
        await using var registration = cancellationToken.Register(() => supervisor.Tell(CancelSync.Instance)).ConfigureAwait(false);
        return await completion.Task.ConfigureAwait(false);
    }
}
