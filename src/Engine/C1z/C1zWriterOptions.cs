namespace BatonClerk.Engine.C1z;

/// <summary>Tuning for <see cref="C1zWriter"/>; every property has a safe default.</summary>
internal sealed class C1zWriterOptions
{
    public const int DefaultCompressionLevel = 3;
    public const int DefaultCacheSizeMiB = 256;
    public const int DefaultPageSize = 65536;
    public const int DefaultKeepFullSyncs = 2;
    public const int DefaultCommitRows = Sync.SyncDefaults.StoreCommitRows;
    public static readonly TimeSpan DefaultCommitInterval = TimeSpan.FromSeconds(2);

    /// <summary>Where the working SQLite file lives; null means the target's directory (same volume, less copying).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>zstd level, 1..22. Ultra levels are clamped to a 128 MiB window so SDK readers accept the file.</summary>
    public int CompressionLevel { get; init; } = DefaultCompressionLevel;

    /// <summary>
    /// zstd worker threads for packing; 0 compresses on the calling thread like the Go SDK. The pack is the last
    /// step of a sync, when nothing else of it runs, so by default it uses every core (up to 4): on 2 cores that
    /// halves the pack. The frame is the same single frame with its content size either way.
    /// </summary>
    public int CompressionWorkers { get; init; } = DefaultCompressionWorkers;

    public static int DefaultCompressionWorkers { get; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>SQLite page cache for the working file; a larger cache keeps index inserts off the disk.</summary>
    public int CacheSizeMiB { get; init; } = DefaultCacheSizeMiB;

    /// <summary>
    /// SQLite page size of the new file, a power of two in 512..65536. The SDK writes 4096; 65536 (the default)
    /// builds the end-of-sync indexes about a quarter faster and packs smaller (a 250k-user sync: indexes 8.0 → 5.3–6.3 s,
    /// pack 2.5–3.0 → 2.1–2.4 s; docs/perf-issue15.md, round 4), and every SQLite reader accepts any page size.
    /// </summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>
    /// Makes the sync resumable: the working file gets a fixed name beside the target and a journal, so after the
    /// process dies an unfinished sync with the same key (a fingerprint of instance and configuration, never a
    /// secret) is reopened instead of started again. Null: a throwaway working file.
    /// </summary>
    public string? ResumeFingerprint { get; init; }

    /// <summary>An unfinished sync older than this is discarded rather than resumed, as the Go SDK does.</summary>
    public TimeSpan MaxResumeAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Finished full syncs a published file holds, the new one included: when the target already is a c1z, its
    /// newest full syncs up to this count stay in the new file (with the partial syncs the SDK's cleanup keeps), so
    /// a file can be compared with its predecessor. The SDK's default and meaning (BATON_KEEP_SYNC_COUNT); 1 drops
    /// every earlier full sync.
    /// </summary>
    public int KeepFullSyncs { get; init; } = DefaultKeepFullSyncs;

    /// <summary>
    /// Rows (and resume entries) written between commits of the working file. Larger groups write each index page
    /// fewer times; a run killed mid-group fetches that group's pages again.
    /// </summary>
    public int CommitRows { get; init; } = DefaultCommitRows;

    /// <summary>The longest an uncommitted group waits for more rows before it is committed at the next write.</summary>
    public TimeSpan CommitInterval { get; init; } = DefaultCommitInterval;

    /// <summary>Test seam: runs after the packed temp file is written and before it replaces the target.</summary>
    internal Action<string>? BeforeCommit { get; init; }

    internal void Validate()
    {
        if (CompressionLevel is < 1 or > 22)
        {
            throw new ArgumentOutOfRangeException(nameof(CompressionLevel), CompressionLevel,
                "zstd level must be between 1 and 22.");
        }

        if (CompressionWorkers is < 0 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(CompressionWorkers), CompressionWorkers,
                "compression workers must be between 0 and 64.");
        }

        if (CacheSizeMiB is < 1 or > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(CacheSizeMiB), CacheSizeMiB,
                "cache size must be between 1 and 65536 MiB.");
        }

        if (PageSize is < 512 or > 65536 || (PageSize & (PageSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize,
                "page size must be a power of two between 512 and 65536.");
        }

        if (CommitRows is < 1 or > Sync.SyncDefaults.MaxStoreCommitRows)
        {
            throw new ArgumentOutOfRangeException(nameof(CommitRows), CommitRows,
                $"rows per commit must be between 1 and {Sync.SyncDefaults.MaxStoreCommitRows}.");
        }

        if (CommitInterval < TimeSpan.Zero || CommitInterval > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(CommitInterval), CommitInterval,
                "commit interval must be between 0 and 10 minutes.");
        }

        if (KeepFullSyncs is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(KeepFullSyncs), KeepFullSyncs,
                "full syncs to keep must be between 1 and 100.");
        }

        if (WorkingDirectory is not null && !Directory.Exists(WorkingDirectory))
        {
            throw new C1zException(C1zErrorKind.Io, $"working directory '{WorkingDirectory}' does not exist");
        }
    }
}
