using Akka.Actor;
using Akka.Hosting;
using BatonClerk.Engine.Sync;

namespace BatonClerk.Engine.Hosting;

/// <summary>The <see cref="IClerkSync"/> facade over the coordinator actor.</summary>
internal sealed class ClerkSync(IRequiredActor<ClerkSyncCoordinator> coordinator, ClerkSyncOptions options) : IClerkSync
{
    private readonly ValidatedSyncOptions _options = options.ValidateEngineSettings();

    public async Task<SyncSummary> SyncToFileAsync(string path, IProgress<SyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource<SyncSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = SyncRequestFactory.Create(_options.ForOutput(path), completion, progress is null ? null : progress.Report);
        var actor = await coordinator.GetAsync(cancellationToken).ConfigureAwait(false);
        var started = await actor.Ask<ClerkSyncStarted>(new StartClerkSync(request), TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        await using var registration = cancellationToken.Register(() => started.Supervisor.Tell(CancelSync.Instance)).ConfigureAwait(false);
        return await completion.Task.ConfigureAwait(false);
    }

    public async Task<SyncSummary> SyncToStreamAsync(Stream destination, IProgress<SyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var directory = Directory.CreateTempSubdirectory("baton-clerk-");
        try
        {
            var summary = await SyncToFileAsync(Path.Combine(directory.FullName, "sync.c1z"), progress, cancellationToken).ConfigureAwait(false);
            await using (var file = File.OpenRead(summary.OutputPath!))
            {
                await file.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
            }

            return summary with { OutputPath = null };
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
