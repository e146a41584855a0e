using System.Text;

namespace BatonClerk.Engine.Clerk.Reading;

/// <summary>
/// INTERNAL API. The same few strings (role keys, verification statuses, provider names) come back on every item of
/// a page: one string each, kept per thread, instead of one per item. Bounded, so ids never fill it for long.
/// </summary>
internal sealed class Utf8StringCache(int capacity)
{
    private readonly byte[][] _bytes = new byte[capacity][];
    private readonly string[] _strings = new string[capacity];
    private int _count;
    private int _next;

    public string Get(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < _count; i++)
        {
            if (utf8.SequenceEqual(_bytes[i]))
            {
                return _strings[i];
            }
        }

        var value = Encoding.UTF8.GetString(utf8);
        // Round-robin replacement: a steady set smaller than the capacity stays, a stream of distinct values churns.
        var slot = _count < _bytes.Length ? _count++ : _next++ % _bytes.Length;
        _bytes[slot] = utf8.ToArray();
        _strings[slot] = value;
        return value;
    }
}
