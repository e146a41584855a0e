using Akka.Actor;
using BatonClerk.Engine.Service;

namespace BatonClerk.Engine.Sync;

/// <summary>Service mode's SyncFull task: one full sync into the path the task loop then uploads.</summary>
public sealed class ClerkServiceSyncJob(ActorSystem system, ClerkSyncOptions template, Action<SyncSummary>? onFinished = null) : IServiceSyncJob
{
    public async Task RunAsync(string outputC1zPath, CancellationToken ct)
    {
        var summary = await ClerkSyncEngine.RunAsync(system, template.WithOutputPath(outputC1zPath), null, ct).ConfigureAwait(false);
        onFinished?.Invoke(summary);
    }
}
