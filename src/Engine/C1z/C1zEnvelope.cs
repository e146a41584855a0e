using System.Buffers.Binary;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace BatonClerk.Engine.C1z;

/// <summary>The v1 envelope: a 5-byte magic, then one zstd frame holding the SQLite main database file.</summary>
internal static class C1zEnvelope
{
    public static ReadOnlySpan<byte> V1Magic => "C1ZF\0"u8;
    public static ReadOnlySpan<byte> V3Magic => "C1Z3\0"u8;
    public const int MagicLength = 5;

    /// <summary>SDK decoders refuse windows above 128 MiB, so never let the encoder pick a larger one.</summary>
    public const int MaxWindowLog = 27;

    /// <summary>The v0.25 SDK's cap on the decompressed database; bigger files are not readable upstream either.</summary>
    public const long MaxDecodedBytes = 10L * 1024 * 1024 * 1024;

    private const int CopyBufferSize = 1 << 20;
    private const int UltraLevel = 20;

    public static void Pack(string sqlitePath, Stream output, int level, int workers = 0)
    {
        using var input = new FileStream(sqlitePath, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferSize,
            FileOptions.SequentialScan);
        output.Write(V1Magic);
        using (var zstd = new CompressionStream(output, level, CopyBufferSize, leaveOpen: true))
        {
            // The pledged size puts Frame_Content_Size in the header, which lets readers fail fast on oversize files.
            zstd.SetPledgedSrcSize((ulong)input.Length);
            if (level >= UltraLevel)
            {
                // Ultra levels would pick windows beyond what SDK decoders accept.
                zstd.SetParameter(ZSTD_cParameter.ZSTD_c_windowLog, MaxWindowLog);
            }

            zstd.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
            if (workers > 0)
            {
                // Multi-threaded zstd still emits a single frame with the content size, which is all readers need.
                zstd.SetParameter(ZSTD_cParameter.ZSTD_c_nbWorkers, workers);
            }

            input.CopyTo(zstd, CopyBufferSize);
        }
    }

    /// <summary>Decodes a c1z file into a plain SQLite file, mapping every failure to a one-line C1zException.</summary>
    public static void Unpack(string c1zPath, string sqlitePath)
    {
        FileStream input;
        try
        {
            input = new FileStream(c1zPath, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferSize,
                FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new C1zException(C1zErrorKind.Io, $"cannot open c1z file '{c1zPath}': {e.Message}", e);
        }

        using (input)
        {
            CheckMagic(input, c1zPath);
            using var output = new FileStream(sqlitePath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
                CopyBufferSize);
            Decode(input, output, c1zPath);
            CheckSqliteImage(output, c1zPath);
        }
    }

    private static void CheckMagic(Stream input, string path)
    {
        Span<byte> magic = stackalloc byte[MagicLength];
        var read = input.ReadAtLeast(magic, MagicLength, throwOnEndOfStream: false);
        if (read == 0)
        {
            throw new C1zException(C1zErrorKind.NotC1z, $"not a c1z file: '{path}' is empty");
        }

        if (read == MagicLength && magic.SequenceEqual(V3Magic))
        {
            throw new C1zException(C1zErrorKind.UnsupportedVersion,
                $"pebble (v3) c1z is not supported: '{path}'; re-sync with --storage-engine sqlite");
        }

        if (read < MagicLength || !magic.SequenceEqual(V1Magic))
        {
            throw new C1zException(C1zErrorKind.NotC1z, $"not a c1z file: '{path}' has no C1ZF header");
        }
    }

    private static void Decode(Stream input, Stream output, string path)
    {
        try
        {
            using var zstd = new DecompressionStream(input, CopyBufferSize, checkEndOfStream: true, leaveOpen: true);
            zstd.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, MaxWindowLog);
            var buffer = new byte[CopyBufferSize];
            long total = 0;
            int n;
            while ((n = zstd.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += n;
                if (total > MaxDecodedBytes)
                {
                    throw new C1zException(C1zErrorKind.Corrupt,
                        $"corrupt c1z: '{path}' decompresses to more than {MaxDecodedBytes >> 30} GiB");
                }

                output.Write(buffer, 0, n);
            }
        }
        catch (Exception e) when (e is ZstdException or EndOfStreamException or InvalidDataException)
        {
            throw new C1zException(C1zErrorKind.Corrupt, $"truncated/corrupt c1z: '{path}': {OneLine(e.Message)}", e);
        }
    }

    /// <summary>
    /// A cut-off frame can decode to a short prefix without error, so check the SQLite header's own page count
    /// against what came out.
    /// </summary>
    private static void CheckSqliteImage(FileStream image, string path)
    {
        image.Flush();
        var length = image.Length;
        Span<byte> header = stackalloc byte[100];
        image.Position = 0;
        if (length < header.Length || image.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
            || !header[..16].SequenceEqual("SQLite format 3\0"u8))
        {
            throw new C1zException(C1zErrorKind.Corrupt,
                $"truncated/corrupt c1z: '{path}' does not contain a SQLite database");
        }

        int pageSize = BinaryPrimitives.ReadUInt16BigEndian(header[16..]);
        var pageSizeBytes = pageSize == 1 ? 65536L : pageSize;
        var pageCount = BinaryPrimitives.ReadUInt32BigEndian(header[28..]);
        var changeCounter = BinaryPrimitives.ReadUInt32BigEndian(header[24..]);
        var validFor = BinaryPrimitives.ReadUInt32BigEndian(header[92..]);
        // The in-header size is only authoritative when the writer kept it current (every SQLite since 3.7.0 does).
        if (pageCount > 0 && changeCounter == validFor && pageCount * pageSizeBytes > length)
        {
            throw new C1zException(C1zErrorKind.Corrupt,
                $"truncated/corrupt c1z: '{path}' holds {length} of {pageCount * pageSizeBytes} database bytes");
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
