using BatonClerk.Engine.C1z;

namespace BatonClerk.Engine.Tests.C1z;

public sealed class C1zEnvelopeTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly TempDir _scratch = new();

    public void Dispose()
    {
        _dir.Dispose();
        _scratch.Dispose();
    }

    private string WriteSample(int users = 1)
    {
        var path = _dir.File("sync.c1z");
        using var writer = C1zWriter.Create(path);
        writer.PutResourceTypes([SampleData.UserType()]);
        writer.PutResources(Enumerable.Range(0, users).Select(i => SampleData.User($"user_{i}")).ToList());
        writer.Complete();
        return path;
    }

    private C1zException OpenFails(byte[] content)
    {
        var path = _dir.File("bad.c1z");
        File.WriteAllBytes(path, content);
        var error = Assert.Throws<C1zException>(() => C1zReader.Open(path, _scratch.Path));
        Assert.Empty(_scratch.Entries());
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void Complete_File_StartsWithV1Magic()
    {
        var bytes = File.ReadAllBytes(WriteSample());

        Assert.Equal("C1ZF\0"u8.ToArray(), bytes[..5]);
    }

    [Fact]
    public void Complete_ZstdFrame_RecordsDecodedSizeInHeader()
    {
        var path = WriteSample();
        var decodedSize = new FileInfo(C1zTestFiles.Decode(path, _scratch)).Length;

        var fcs = C1zTestFiles.FrameContentSize(File.ReadAllBytes(path).AsSpan(5));

        Assert.Equal((ulong)decodedSize, fcs);
    }

    [Fact]
    public void Complete_ZstdFrame_FirstFrameHoldsTheWholeDatabase()
    {
        var bytes = File.ReadAllBytes(WriteSample(200)).AsSpan(5);

        // Decoding every frame yields exactly what the first header promises, so there is one frame.
        using var decompressor = new ZstdSharp.Decompressor();
        Assert.Equal(C1zTestFiles.FrameContentSize(bytes), (ulong)decompressor.Unwrap(bytes).Length);
    }

    [Fact]
    public void Complete_CompressionWorkers_StillOneFrameWithContentSize()
    {
        var path = _dir.File("mt.c1z");
        using (var writer = C1zWriter.Create(path, new C1zWriterOptions { CompressionWorkers = 2 }))
        {
            writer.PutResources(Enumerable.Range(0, 300).Select(i => SampleData.User($"user_{i}")).ToList());
            writer.Complete();
        }

        var bytes = File.ReadAllBytes(path).AsSpan(5);
        using var decompressor = new ZstdSharp.Decompressor();
        Assert.Equal(C1zTestFiles.FrameContentSize(bytes), (ulong)decompressor.Unwrap(bytes).Length);
        using var reader = C1zReader.Open(path, _scratch.Path);
        Assert.Equal(300, reader.Resources().Count);
    }

    [Fact]
    public void Open_V3Magic_ReportsPebbleUnsupported()
    {
        var error = OpenFails([.. "C1Z3\0"u8, 0, 0, 0, 4, 1, 2, 3, 4]);

        Assert.Equal(C1zErrorKind.UnsupportedVersion, error.Kind);
        Assert.Contains("pebble (v3) c1z is not supported", error.Message);
    }

    [Fact]
    public void Open_RandomBytes_ReportsNotC1z()
    {
        var error = OpenFails([.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 37 % 251))]);

        Assert.Equal(C1zErrorKind.NotC1z, error.Kind);
        Assert.Contains("not a c1z file", error.Message);
    }

    [Fact]
    public void Open_EmptyFile_ReportsNotC1z()
    {
        var error = OpenFails([]);

        Assert.Contains("not a c1z file", error.Message);
    }

    [Fact]
    public void Open_TruncatedFile_ReportsTruncatedOrCorrupt()
    {
        var bytes = File.ReadAllBytes(WriteSample(500));

        var error = OpenFails(bytes[..(bytes.Length / 2)]);

        Assert.Equal(C1zErrorKind.Corrupt, error.Kind);
        Assert.Contains("truncated/corrupt c1z", error.Message);
    }

    [Fact]
    public void Open_MagicThenGarbage_ReportsTruncatedOrCorrupt()
    {
        var error = OpenFails([.. "C1ZF\0"u8, .. Enumerable.Repeat((byte)0x42, 100)]);

        Assert.Contains("truncated/corrupt c1z", error.Message);
    }

    [Fact]
    public void Open_MissingFile_ReportsIoError()
    {
        var error = Assert.Throws<C1zException>(() => C1zReader.Open(_dir.File("missing.c1z"), _scratch.Path));

        Assert.Equal(C1zErrorKind.Io, error.Kind);
    }
}
