using Akka.Actor;

namespace BatonClerk.Engine.Sync.Uploader;

/// <summary>
/// INTERNAL API. The uploader's writes that arrive while its store works on another thread (an index build in the
/// rate limit's wait), kept in arrival order so that storing them later gives the store exactly what storing them
/// then would have: a page's resume entries never land before the page, nor one page before an earlier one. A
/// page's encoded rows go to a spool file rather than the heap (at a million users a build outlasts 400 MB of
/// pages); the spool is unlinked as soon as it is created, so no run, killed or not, leaves it behind, and a killed
/// run has stored none of what was held, which its resume then fetches again.
/// </summary>
internal sealed class HeldWrites : IDisposable
{
    private const int SpoolBufferSize = 1 << 20;

    private readonly Queue<(object Message, IActorRef Sender, bool Spilled)> _writes = new();
    private readonly string? _spoolDirectory;
    private FileStream? _spool;
    private bool _reading;

    /// <param name="spoolDirectory">Where the spool may live (the store's own volume); null keeps rows on the heap.</param>
    public HeldWrites(string? spoolDirectory) => _spoolDirectory = spoolDirectory;

    public int Count => _writes.Count;

    /// <summary>Bytes of rows in the spool now (0 when none are held or there is no spool).</summary>
    public long SpooledBytes => _spool?.Length ?? 0;

    /// <summary>Holds <paramref name="message"/> behind everything held before it.</summary>
    public void Hold(object message, IActorRef sender)
    {
        if (_reading)
        {
            throw new InvalidOperationException("Writes are held only between takes.");
        }

        if (message is StorePage { Rows: { } rows } page && Spool() is { } spool)
        {
            rows.SpillTo(spool);
            _writes.Enqueue((page with { Rows = null }, sender, true));
            return;
        }

        _writes.Enqueue((message, sender, false));
    }

    /// <summary>The oldest held write, its rows read back from the spool; false once none is left.</summary>
    public bool TryTake(out object message, out IActorRef sender)
    {
        if (!_writes.TryDequeue(out var held))
        {
            message = null!;
            sender = ActorRefs.Nobody;
            Rewind();
            return false;
        }

        sender = held.Sender;
        message = held.Message;
        if (held.Spilled)
        {
            var spool = _spool!;
            if (!_reading)
            {
                spool.Flush();
                spool.Position = 0;
                _reading = true;
            }

            message = (StorePage)held.Message with { Rows = C1z.C1zRows.ReadFrom(spool) };
        }

        if (_writes.Count == 0)
        {
            Rewind();
        }

        return true;
    }

    /// <summary>
    /// Drops the held pages without reading the spool (their rows' buffers go back to their pool) and gives the other
    /// held writes back in order, for the caller to decide on.
    /// </summary>
    public List<(object Message, IActorRef Sender)> Discard()
    {
        var others = new List<(object, IActorRef)>();
        while (_writes.TryDequeue(out var held))
        {
            if (held.Message is StorePage page)
            {
                page.Rows?.Dispose();
                continue;
            }

            others.Add((held.Message, held.Sender));
        }

        Rewind();
        return others;
    }

    /// <summary>Drops what is held and closes the spool.</summary>
    public void Dispose()
    {
        Discard();
        _spool?.Dispose();
        _spool = null;
    }

    // Everything spilled has been read back: the next build's pages start the spool again from its first byte.
    private void Rewind()
    {
        _reading = false;
        if (_spool is { } spool)
        {
            try
            {
                spool.SetLength(0);
            }
            catch (IOException)
            {
                // A spool that cannot be emptied is not used again: the next pages start a new one.
                spool.Dispose();
                _spool = null;
            }
        }
    }

    private FileStream? Spool()
    {
        if (_spool is not null || _spoolDirectory is null)
        {
            return _spool;
        }

        var path = Path.Combine(_spoolDirectory, $".baton-clerk-held-{Guid.NewGuid():N}.spool");
        // Windows cannot unlink an open file, so it deletes the spool on close instead (a killed process's too).
        var options = OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None;
        _spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, SpoolBufferSize, options);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }

        return _spool;
    }
}
