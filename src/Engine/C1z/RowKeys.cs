using System.Runtime.InteropServices;

namespace BatonClerk.Engine.C1z;

/// <summary>
/// The 64-bit hashes of the external ids a table was given while its unique index does not exist yet. It answers one
/// question cheaply and never wrongly in the direction that matters: "can this table hold two rows with one id?" A
/// hash seen twice may be a real repeat or a collision; either way the table is folded exactly at the end
/// (<see cref="C1zWriter"/>), so a collision costs time, never a row. 8 bytes a key (open addressing, at most
/// two-thirds full): 16 MiB for the million keys of a 250k-user sync.
/// </summary>
internal sealed class RowKeys
{
    private const ulong Empty = 0;
    private ulong[] _slots = new ulong[1 << 12];
    private int _count;

    /// <summary>True once some id's hash was added twice.</summary>
    public bool MaybeRepeated { get; private set; }

    public int Count => _count;

    public void Add(ReadOnlySpan<byte> utf8Id)
    {
        var hash = Hash(utf8Id);
        if (!Insert(_slots, hash))
        {
            MaybeRepeated = true;
            return;
        }

        if (++_count * 3 > _slots.Length * 2)
        {
            Grow();
        }
    }

    // FNV-1a over 8-byte words, then a 64-bit finalizer: good enough spread for ids that share long prefixes
    // ("organization:org_…:member:user:user_…"), and no allocation.
    internal static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        const ulong prime = 0x100000001B3UL;
        var h = 0xCBF29CE484222325UL ^ (ulong)bytes.Length;
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (var w in words)
        {
            h = (h ^ w) * prime;
            h ^= h >> 29;
        }

        for (var i = words.Length * 8; i < bytes.Length; i++)
        {
            h = (h ^ bytes[i]) * prime;
        }

        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h == Empty ? 1 : h;
    }

    private static bool Insert(ulong[] slots, ulong hash)
    {
        var mask = slots.Length - 1;
        for (var i = (int)(hash & (ulong)mask); ; i = (i + 1) & mask)
        {
            var slot = slots[i];
            if (slot == Empty)
            {
                slots[i] = hash;
                return true;
            }

            if (slot == hash)
            {
                return false;
            }
        }
    }

    private void Grow()
    {
        var larger = new ulong[_slots.Length * 2];
        foreach (var hash in _slots)
        {
            if (hash != Empty)
            {
                Insert(larger, hash);
            }
        }

        _slots = larger;
    }
}
