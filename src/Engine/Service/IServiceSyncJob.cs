using SyncFullTask = BatonClerk.Engine.Baton.ServiceV1.Task.Types.SyncFullTask;

namespace BatonClerk.Engine.Service;

/// <summary>One full sync run on behalf of a ConductorOne SyncFull task.</summary>
public interface IServiceSyncJob
{
    /// <summary>Writes the c1z to <paramref name="outputC1zPath"/>; throws on failure or cancellation.</summary>
    Task RunAsync(string outputC1zPath, CancellationToken ct);

    /// <summary>
    /// Writes the c1z and hands it to <paramref name="upload"/>, failing if the upload fails. A job may call the
    /// upload itself (the sync engine's c1z writer actor does, right after it published the file); by default the
    /// file is uploaded once <see cref="RunAsync(string, CancellationToken)"/> returns.
    /// </summary>
    async Task RunAndUploadAsync(string outputC1zPath, Func<string, CancellationToken, Task> upload, CancellationToken ct)
    {
        await RunAsync(outputC1zPath, ct).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (!File.Exists(outputC1zPath))
        {
            throw new InvalidOperationException("the sync job finished without writing the c1z file");
        }

        await upload(outputC1zPath, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// As <see cref="RunAndUploadAsync(string, Func{string, CancellationToken, Task}, CancellationToken)"/>, narrowed by the
    /// task's options (resource types, skips, targeted resources). A job that cannot narrow a sync runs it whole.
    /// </summary>
    Task RunAndUploadAsync(string outputC1zPath, SyncFullTask task, Func<string, CancellationToken, Task> upload, CancellationToken ct) =>
        RunAndUploadAsync(outputC1zPath, upload, ct);
}
