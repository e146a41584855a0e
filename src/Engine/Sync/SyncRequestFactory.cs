using BatonClerk.Engine.C1z;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Sync.Store;

namespace BatonClerk.Engine.Sync;

/// <summary>Builds the production sync request (Clerk client, resumable c1z store) from validated options.</summary>
internal static class SyncRequestFactory
{
    public static SyncRequest Create(ClerkSyncOptions options, TaskCompletionSource<SyncSummary> completion, Action<SyncProgress>? onProgress) =>
        Create(options.Validate(), completion, onProgress);

    public static SyncRequest Create(ValidatedSyncOptions options, TaskCompletionSource<SyncSummary> completion, Action<SyncProgress>? onProgress, HeadStart.HeadStartCalls? headStart = null) =>
        new(
            options.Settings,
            gate => new ClerkClient(new ClerkClientOptions
            {
                SecretKey = options.SecretKey,
                BaseUrl = options.ApiUrl,
                AttemptTimeout = options.AttemptTimeout,
                MaxRetryAttempts = options.MaxRetryAttempts,
                Gate = gate,
                // The head start's connection to Clerk is already open.
                HttpClient = headStart?.Http,
            }),
            () => CreateStore(options),
            completion)
        {
            OnProgress = onProgress,
            HeadStart = headStart,
        };

    /// <summary>The sync's resumable c1z store, its working database created and opened.</summary>
    public static ISyncStore CreateStore(ValidatedSyncOptions options) =>
        new C1zSyncStore(C1zWriter.Create(options.OutputPath, new C1zWriterOptions
        {
            WorkingDirectory = options.WorkingDirectory,
            CacheSizeMiB = options.StoreCacheMiB,
            CommitRows = options.StoreCommitRows,
            ResumeFingerprint = options.ResumeFingerprint,
        }));
}
