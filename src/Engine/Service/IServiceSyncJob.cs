using SyncFullTask = BatonClerk.Engine.Baton.ServiceV1.Task.Types.SyncFullTask;

namespace BatonClerk.Engine.Service;

/// <summary>One sync run on behalf of a ConductorOne SyncFull task.</summary>
public interface IServiceSyncJob
{
    /// <summary>
    /// Writes the c1z of the sync <paramref name="task"/> asks for (its resource types, skips, targeted resources) to
    /// <paramref name="outputC1zPath"/> and hands the finished file to <paramref name="upload"/>; the run succeeds
    /// only once the upload did. Throws on failure or cancellation. This is the only way a sync reaches C1: the
    /// engine's uploader actor calls <paramref name="upload"/> right after it published the file.
    /// </summary>
    Task RunAndUploadAsync(string outputC1zPath, SyncFullTask task, Func<string, CancellationToken, Task> upload, CancellationToken ct);
}
