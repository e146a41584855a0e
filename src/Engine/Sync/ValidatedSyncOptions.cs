namespace BatonClerk.Engine.Sync;

/// <summary>
/// Options that passed <see cref="ClerkSyncOptions.Validate"/>: a private snapshot, so later changes to the caller's
/// object cannot reach a running sync, and the engine settings derived from it. The engine does not check them again.
/// </summary>
public sealed class ValidatedSyncOptions
{
    private readonly ClerkSyncOptions _options;

    internal ValidatedSyncOptions(ClerkSyncOptions snapshot, SyncSettings settings)
    {
        _options = snapshot;
        Settings = settings;
    }

    public SyncSettings Settings { get; }

    public string OutputPath => _options.OutputPath;

    public string ApiUrl => _options.ApiUrl;

    internal string SecretKey => _options.SecretKey;

    internal TimeSpan AttemptTimeout => _options.AttemptTimeout;

    internal int MaxRetryAttempts => _options.MaxRetryAttempts;

    internal string? WorkingDirectory => _options.WorkingDirectory;

    internal int StoreCacheMiB => _options.StoreCacheMiB;

    internal int StoreCommitRows => _options.StoreCommitRows;

    internal string? ResumeFingerprint => Resumable ? _options.ResumeFingerprint() : null;

    /// <summary>Whether the sync keeps a resumable working file (without hashing its fingerprint, which loads the crypto library).</summary>
    internal bool Resumable => _options.Resume;

    public ValidatedSyncOptions ForOutput(string path) => ForOutput(path, _options.Resume);

    /// <summary>The same sync into another file (service mode: one temporary path per task); only the path is checked.</summary>
    public ValidatedSyncOptions ForOutput(string path, bool resume)
    {
        OutputFile.Validate(path);
        var copy = _options.WithOutputPath(path);
        copy.Resume = resume;
        return new ValidatedSyncOptions(copy, Settings);
    }

    /// <summary>
    /// The same configuration narrowed by a C1 task's scope into a fresh temporary path (nothing to resume). The
    /// task's resource types win over the configured ones; its skips add to the configured skips. Throws
    /// <see cref="ArgumentException"/> when the task names what this connector cannot sync.
    /// </summary>
    public ValidatedSyncOptions ForTask(string path, SyncScope taskScope)
    {
        ArgumentNullException.ThrowIfNull(taskScope);
        var configured = _options.Scope;
        var copy = _options.WithOutputPath(path);
        copy.Resume = false;
        copy.Scope = taskScope with
        {
            SkipEntitlementsAndGrants = taskScope.SkipEntitlementsAndGrants || configured.SkipEntitlementsAndGrants,
            SkipGrants = taskScope.SkipGrants || configured.SkipGrants,
            Targets = taskScope.IsTargeted ? taskScope.Targets : configured.Targets,
        };
        return copy.Validate();
    }

    /// <summary>The same sync reporting progress this often (a live terminal view refreshes faster than log events).</summary>
    public ValidatedSyncOptions WithProgressInterval(TimeSpan interval) =>
        interval > TimeSpan.Zero
            ? new ValidatedSyncOptions(_options, Settings with { ProgressInterval = interval })
            : throw new ArgumentOutOfRangeException(nameof(interval), "the progress interval must be positive");
}
