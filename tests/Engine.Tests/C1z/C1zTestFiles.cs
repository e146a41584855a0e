using System.Buffers.Binary;
using BatonClerk.Engine.C1z;
using Microsoft.Data.Sqlite;

namespace BatonClerk.Engine.Tests.C1z;

/// <summary>Decode, edit and re-encode c1z files, and inspect their raw envelope.</summary>
internal static class C1zTestFiles
{
    public static string Decode(string c1zPath, TempDir dir)
    {
        var dbPath = dir.File($"decoded-{Guid.NewGuid():N}.sqlite");
        C1zEnvelope.Unpack(c1zPath, dbPath);
        return dbPath;
    }

    public static string Rewrite(string c1zPath, TempDir dir, Action<SqliteConnection> edit)
    {
        var dbPath = Decode(c1zPath, dir);
        using (var db = new SqliteConnection($"Data Source={dbPath};Pooling=False"))
        {
            db.Open();
            edit(db);
        }

        using (var output = File.Create(c1zPath))
        {
            C1zEnvelope.Pack(dbPath, output, 3);
        }

        File.Delete(dbPath);
        return c1zPath;
    }

    /// <summary>Frame_Content_Size from a zstd frame header (RFC 8878 §3.1.1.1), or null when it is absent.</summary>
    public static ulong? FrameContentSize(ReadOnlySpan<byte> frame)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(frame) != 0xFD2FB528)
        {
            throw new InvalidDataException("not a zstd frame");
        }

        var descriptor = frame[4];
        var fcsFlag = descriptor >> 6;
        var singleSegment = (descriptor >> 5) & 1;
        var dictIdFlag = descriptor & 3;
        var offset = 5 + (singleSegment == 1 ? 0 : 1) + dictIdFlag switch { 0 => 0, 1 => 1, 2 => 2, _ => 4 };
        var field = frame[offset..];
        return (fcsFlag, singleSegment) switch
        {
            (0, 0) => null,
            (0, 1) => field[0],
            (1, _) => (ulong)BinaryPrimitives.ReadUInt16LittleEndian(field) + 256,
            (2, _) => BinaryPrimitives.ReadUInt32LittleEndian(field),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(field),
        };
    }
}
