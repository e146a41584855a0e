using BatonClerk.Engine.Service;
using SyncFullTask = BatonClerk.Engine.Baton.ServiceV1.Task.Types.SyncFullTask;

namespace BatonClerk.Engine.Tests.Service.Fakes;

/// <summary>An <see cref="IServiceSyncJob"/> whose behaviour each test supplies.</summary>
internal sealed class DelegateSyncJob(Func<string, CancellationToken, Task> run) : IServiceSyncJob
{
    public Task RunAsync(string outputC1zPath, CancellationToken ct) => run(outputC1zPath, ct);

    /// <summary>As a job that writes first and uploads after: the fake has no engine, so it calls the upload itself.</summary>
    public async Task RunAndUploadAsync(string outputC1zPath, SyncFullTask task, Func<string, CancellationToken, Task> upload, CancellationToken ct)
    {
        await run(outputC1zPath, ct);
        ct.ThrowIfCancellationRequested();
        if (File.Exists(outputC1zPath))
        {
            await upload(outputC1zPath, ct);
        }
    }

    /// <summary>Writes a c1z-looking file (v3 magic then random bytes) and remembers its bytes.</summary>
    public static DelegateSyncJob WritingFile(int size, Action<byte[]> written, TimeSpan? delay = null) => new(async (path, ct) =>
    {
        if (delay is { } d)
        {
            await Task.Delay(d, ct);
        }

        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        "C1Z3\0"u8.CopyTo(bytes);
        await File.WriteAllBytesAsync(path, bytes, ct);
        written(bytes);
    });
}
