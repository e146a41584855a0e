using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace BatonClerk.Engine.C1z;

/// <summary>
/// INTERNAL API. Writes protobuf wire format into one reused buffer, for the rows whose messages are encoded without
/// building message objects first (<see cref="Mapping.UserRowEncoder"/>). It follows what Google.Protobuf writes for
/// proto3: fields in the order the caller gives (callers go by field number), defaults left out unless the caller
/// says the field has presence (oneof members, repeated elements), nested messages length-prefixed.
/// </summary>
internal sealed class ProtoWriter : IDisposable
{
    private const int Varint = 0;
    private const int Fixed64 = 1;
    private const int LengthDelimited = 2;

    // Google.Protobuf's encoding: a string that is not valid UTF-16 (a lone surrogate) is written with U+FFFD.
    private static readonly Encoding Utf8 = Encoding.UTF8;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int[] _starts = new int[16];
    private int _depth;

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Reset()
    {
        Length = 0;
        _depth = 0;
    }

    /// <summary>A string field: left out when null or empty (proto3), unless <paramref name="always"/>.</summary>
    public void String(int field, string? value, bool always = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (always)
            {
                Tag(field, LengthDelimited);
                RawVarint(0);
            }

            return;
        }

        Tag(field, LengthDelimited);
        var start = Reserve();
        Ensure(Utf8.GetMaxByteCount(value.Length));
        Length += Utf8.GetBytes(value, _buffer.AsSpan(Length));
        Close(start);
    }

    /// <summary>A bool field: left out when false, unless <paramref name="always"/>.</summary>
    public void Bool(int field, bool value, bool always = false)
    {
        if (value || always)
        {
            Tag(field, Varint);
            RawVarint(value ? 1UL : 0UL);
        }
    }

    /// <summary>An enum or int64 field: left out when 0, unless <paramref name="always"/>.</summary>
    public void Int64(int field, long value, bool always = false)
    {
        if (value != 0 || always)
        {
            Tag(field, Varint);
            RawVarint((ulong)value);
        }
    }

    /// <summary>A double field with presence (a oneof member): always written.</summary>
    public void Double(int field, double value)
    {
        Tag(field, Fixed64);
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(Length), BitConverter.DoubleToInt64Bits(value));
        Length += 8;
    }

    /// <summary>Starts a nested message field; <see cref="EndMessage"/> writes its length in front of it.</summary>
    public void BeginMessage(int field)
    {
        Tag(field, LengthDelimited);
        if (_depth == _starts.Length)
        {
            Array.Resize(ref _starts, _depth * 2);
        }

        _starts[_depth++] = Reserve();
    }

    public void EndMessage() => Close(_starts[--_depth]);

    /// <summary>Bytes already in wire format (a message's fields written elsewhere).</summary>
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer!, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Tag(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

    // One byte is kept for the length, which is all most fields need; a longer one moves the content up.
    private int Reserve()
    {
        Ensure(1);
        return Length++;
    }

    private void Close(int lengthAt)
    {
        var length = Length - lengthAt - 1;
        if (length < 0x80)
        {
            _buffer[lengthAt] = (byte)length;
            return;
        }

        var size = VarintSize((ulong)length);
        Ensure(size - 1);
        _buffer.AsSpan(lengthAt + 1, length).CopyTo(_buffer.AsSpan(lengthAt + size));
        Length += size - 1;
        var at = lengthAt;
        var value = (ulong)length;
        while (value >= 0x80)
        {
            _buffer[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[at] = (byte)value;
    }

    private void RawVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[Length++] = (byte)value;
    }

    private static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private void Ensure(int more)
    {
        if (Length + more <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + more));
        _buffer.AsSpan(0, Length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
