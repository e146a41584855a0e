using System.Security.Cryptography;
using BatonClerk.Engine.C1z;

namespace BatonClerk.Engine.Tests.C1z;

public sealed class EarlyWritebackTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Write_SeveralStretchesInUnevenChunks_FileHoldsExactlyTheBytesWritten()
    {
        var data = new byte[(int)(EarlyWriteback.Stretch * 2) + 12345];
        new Random(15).NextBytes(data);
        var path = _dir.File("out.bin");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using (var writeback = new EarlyWriteback(file))
            {
                var offset = 0;
                var chunk = 1;
                while (offset < data.Length)
                {
                    var n = Math.Min(chunk, data.Length - offset);
                    if (chunk % 2 == 0)
                    {
                        writeback.Write(data, offset, n);
                    }
                    else
                    {
                        writeback.Write(data.AsSpan(offset, n));
                    }

                    offset += n;
                    chunk = (chunk * 7 % 3_000_001) + 1;
                }
            }

            // The wrapper leaves the file open for the caller's fsync.
            file.Flush(flushToDisk: true);
        }

        Assert.Equal(SHA256.HashData(data), SHA256.HashData(File.ReadAllBytes(path)));
    }
}
