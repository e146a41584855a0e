using Akka.Actor;
using BatonClerk.Engine.Service;

namespace BatonClerk.Engine.Sync;

/// <summary>Service mode's SyncFull task: one full sync into the path the task loop then uploads.</summary>
public sealed class ClerkServiceSyncJob(ActorSystem system, ValidatedSyncOptions template, Action<SyncSummary>? onFinished = null) : IServiceSyncJob
{
    public ClerkServiceSyncJob(ActorSystem system, ClerkSyncOptions template, Action<SyncSummary>? onFinished = null)
        : this(system, template.ValidateEngineSettings(), onFinished)
    {
    }

    public Task RunAsync(string outputC1zPath, CancellationToken ct) => RunCoreAsync(outputC1zPath, null, ct);

    /// <summary>The engine's C1Uploader actor uploads the file it has just published, before the sync completes.</summary>
    public Task RunAndUploadAsync(string outputC1zPath, Func<string, CancellationToken, Task> upload, CancellationToken ct) =>
        RunCoreAsync(outputC1zPath, upload, ct);

    private async Task RunCoreAsync(string path, Func<string, CancellationToken, Task>? upload, CancellationToken ct)
    {
        // Each task syncs into a fresh temporary path, so there is nothing to resume: no resumable working file.
        var summary = await ClerkSyncEngine.RunAsync(system, template.ForOutput(path, resume: false), null, ct, upload).ConfigureAwait(false);
        onFinished?.Invoke(summary);
    }
}
