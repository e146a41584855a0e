using Akka.Actor;
using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Sync.Store;

namespace BatonClerk.Engine.Sync;

/// <summary>Runs one sync in an actor system: the entry point the command, service mode and embedding share.</summary>
public static class ClerkSyncEngine
{
    public static async Task<SyncSummary> RunAsync(
        ActorSystem system,
        ClerkSyncOptions options,
        Action<SyncProgress>? onProgress,
        CancellationToken cancellationToken)
    {
        var settings = options.Validate();
        var completion = new TaskCompletionSource<SyncSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = new SyncRequest(
            settings,
            gate => new ClerkClient(new ClerkClientOptions
            {
                SecretKey = options.SecretKey,
                BaseUrl = options.ApiUrl,
                AttemptTimeout = options.AttemptTimeout,
                MaxRetryAttempts = options.MaxRetryAttempts,
                Gate = gate,
            }),
            () => new C1zSyncStore(C1zWriter.Create(options.OutputPath, new C1zWriterOptions
            {
                WorkingDirectory = options.WorkingDirectory,
                CacheSizeMiB = options.StoreCacheMiB,
                ResumeKey = options.Resume ? options.ResumeFingerprint() : null,
            })),
            completion)
        {
            OnProgress = onProgress,
        };

        var supervisor = system.ActorOf(SyncSupervisor.Props(request), "sync-" + Guid.NewGuid().ToString("N")[..8]);
        await using var registration = cancellationToken.Register(() => supervisor.Tell(CancelSync.Instance)).ConfigureAwait(false);
        return await completion.Task.ConfigureAwait(false);
    }
}
