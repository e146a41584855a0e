using System.Runtime.InteropServices;

namespace BatonClerk.Engine.C1z;

/// <summary>
/// INTERNAL API. Passes writes through to a file and, on Linux, asks the kernel to start writing each finished
/// stretch to disk while the rest is still being produced, so the fsync before the rename waits only for the tail.
/// Packing 250k users' c1z spent 1.5 s in that fsync (docs/perf-issue15.md, round 5). Starting writeback changes
/// nothing about durability: the fsync still decides it.
/// </summary>
internal sealed class EarlyWriteback(FileStream file) : Stream
{
    /// <summary>How much is written between two requests to start writeback.</summary>
    public const long Stretch = 16L << 20;

    private const uint SyncFileRangeWrite = 2;
    private long _startedUpTo;
    private bool _unsupported = !OperatingSystem.IsLinux();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        file.Write(buffer);
        var position = file.Position;
        if (!_unsupported && position - _startedUpTo >= Stretch)
        {
            // The FileStream's own buffer may still hold the last bytes; the kernel skips what it does not have yet.
            file.Flush(flushToDisk: false);
            if (SyncFileRange((int)file.SafeFileHandle.DangerousGetHandle(), _startedUpTo, position - _startedUpTo, SyncFileRangeWrite) != 0)
            {
                _unsupported = true;
            }

            _startedUpTo = position;
        }
    }

    public override void Flush() => file.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [DllImport("libc", EntryPoint = "sync_file_range")]
    private static extern int SyncFileRange(int fd, long offset, long nbytes, uint flags);
}
