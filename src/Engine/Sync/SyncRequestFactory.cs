using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Sync.Store;

namespace BatonClerk.Engine.Sync;

/// <summary>Builds the production sync request (Clerk client, resumable c1z store) from validated options.</summary>
public static class SyncRequestFactory
{
    public static SyncRequest Create(ClerkSyncOptions options, TaskCompletionSource<SyncSummary> completion, Action<SyncProgress>? onProgress)
    {
        var settings = options.Validate();
        return new SyncRequest(
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
    }
}
