using Akka.Actor;
using BatonClerk.Engine.Service;
using BatonClerk.Engine.Sync.DebugLog;
using BatonClerk.Engine.Sync.Gate;
using SyncFullTask = BatonClerk.Engine.Baton.ServiceV1.Task.Types.SyncFullTask;

namespace BatonClerk.Engine.Sync;

/// <summary>
/// Service mode's SyncFull task: one sync, narrowed by the task's options, into the path the task loop then
/// uploads. Every run of one secret key draws from one rate-limit gate for the life of the actor system.
/// </summary>
public sealed class ClerkServiceSyncJob(ActorSystem system, ValidatedSyncOptions template, Action<SyncSummary>? onFinished = null) : IServiceSyncJob
{
    private readonly GateRegistry _gates = GateRegistry.Of(system);

    public ClerkServiceSyncJob(ActorSystem system, ClerkSyncOptions template, Action<SyncSummary>? onFinished = null)
        : this(system, template.ValidateEngineSettings(), onFinished)
    {
    }

    /// <summary>The engine's C1Uploader actor uploads the file it has just published, before the sync completes.</summary>
    public Task RunAndUploadAsync(string outputC1zPath, SyncFullTask task, Func<string, CancellationToken, Task> upload, CancellationToken ct) =>
        RunCoreAsync(outputC1zPath, SyncFullTaskScope.From(task), upload, ct);

    private async Task RunCoreAsync(string path, SyncScope scope, Func<string, CancellationToken, Task> upload, CancellationToken ct)
    {
        var options = template.ForTask(path, scope);
        var gate = _gates.For(options.SecretKey, options.Settings);
        var name = ClerkSyncEngine.NewRunName();
        SyncSummary summary;

        // A debug task (service mode put its log in this flow) also gets the sync's actors' records.
        var debugLog = TaskDebugLog.Current;
        debugLog?.AddSecret(options.SecretKey);
        var tap = debugLog is null ? null : SyncDebugTap.Start(system, name, debugLog);
        try
        {
            summary = await ClerkSyncEngine.RunAsync(system, options, null, ct, upload, gate, name).ConfigureAwait(false);
        }
        finally
        {
            if (tap is not null)
            {
                await tap.DisposeAsync().ConfigureAwait(false);
            }
        }

        onFinished?.Invoke(summary);
    }
}
