using System.Numerics;
using System.Security.Cryptography;

namespace BatonClerk.Engine.Baton;

/// <summary>
/// K-sortable ids as the Go SDK names its syncs: 4 bytes of big-endian seconds since 1400000000 followed by
/// 16 random bytes, written as 27 base62 characters, so that sorting the text sorts by creation time.
/// </summary>
internal static class Ksuid
{
    public const long EpochSeconds = 1_400_000_000;
    public const int EncodedLength = 27;
    private const int ByteLength = 20;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(TimeProvider time) => New(time.GetUtcNow(), RandomNumberGenerator.GetBytes(16));

    public static string New(DateTimeOffset at, ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 16)
        {
            throw new ArgumentException("A KSUID payload is 16 bytes.", nameof(payload));
        }

        var seconds = at.ToUnixTimeSeconds() - EpochSeconds;
        if (seconds is < 0 or > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(at), "Time is outside the KSUID range.");
        }

        Span<byte> raw = stackalloc byte[ByteLength];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(raw, (uint)seconds);
        payload.CopyTo(raw[4..]);
        return Encode(raw);
    }

    public static string Encode(ReadOnlySpan<byte> raw)
    {
        var value = new BigInteger(raw, isUnsigned: true, isBigEndian: true);
        Span<char> text = stackalloc char[EncodedLength];
        for (var i = EncodedLength - 1; i >= 0; i--)
        {
            value = BigInteger.DivRem(value, 62, out var digit);
            text[i] = Alphabet[(int)digit];
        }

        return new string(text);
    }

    public static byte[] Decode(string text)
    {
        if (text.Length != EncodedLength)
        {
            throw new FormatException($"A KSUID has {EncodedLength} characters.");
        }

        BigInteger value = 0;
        foreach (var c in text)
        {
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                throw new FormatException("A KSUID holds only base62 characters.");
            }

            value = (value * 62) + digit;
        }

        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (bytes.Length > ByteLength)
        {
            throw new FormatException("The KSUID value is out of range.");
        }

        var raw = new byte[ByteLength];
        bytes.CopyTo(raw, ByteLength - bytes.Length);
        return raw;
    }

    public static DateTimeOffset Timestamp(string text)
    {
        var raw = Decode(text);
        var seconds = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(raw);
        return DateTimeOffset.FromUnixTimeSeconds(EpochSeconds + seconds);
    }
}
