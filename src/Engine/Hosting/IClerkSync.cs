using BatonClerk.Engine.Sync;

namespace BatonClerk.Engine.Hosting;

/// <summary>Runs Clerk syncs inside the host's actor system.</summary>
public interface IClerkSync
{
    /// <summary>Syncs into a c1z file, written atomically; an existing file is replaced only on success.</summary>
    Task<SyncSummary> SyncToFileAsync(string path, IProgress<SyncProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Syncs and copies the finished c1z into <paramref name="destination"/>; nothing is written on failure.</summary>
    Task<SyncSummary> SyncToStreamAsync(Stream destination, IProgress<SyncProgress>? progress = null, CancellationToken cancellationToken = default);
}
