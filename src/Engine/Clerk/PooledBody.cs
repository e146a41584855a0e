using System.Buffers;

namespace BatonClerk.Engine.Clerk;

/// <summary>
/// A response body read into a rented buffer. A page of 500 users is about 1 MiB: as a fresh array per response it
/// lands on the large-object heap, and those arrays alone were forcing a full collection every few pages.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private const int InitialSize = 64 * 1024;
    private byte[]? _buffer;

    private PooledBody(byte[] buffer, int length, int status)
    {
        _buffer = buffer;
        Length = length;
        Status = status;
    }

    public int Length { get; }

    /// <summary>The HTTP status the body came with.</summary>
    public int Status { get; }

    public ReadOnlySpan<byte> Span => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBody))).AsSpan(0, Length);

    public static async Task<PooledBody> ReadAsync(HttpContent content, int status, CancellationToken cancellationToken)
    {
        var announced = content.Headers.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(announced is > 0 and < int.MaxValue ? (int)announced.Value + 1 : InitialSize);
        var length = 0;
        try
        {
            using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new PooledBody(buffer, length, status);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
