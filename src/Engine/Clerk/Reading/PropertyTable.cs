using System.Collections.Frozen;
using System.Text;

namespace BatonClerk.Engine.Clerk.Reading;

/// <summary>
/// INTERNAL API. Finds which of an object's known properties a UTF-8 name is, without making a string of it: a
/// lookup on the name's length and first and last bytes, then one exact comparison.
/// </summary>
internal sealed class PropertyTable<TField>
    where TField : struct, Enum
{
    private readonly FrozenDictionary<int, (byte[] Name, TField Field)[]> _byShape;

    public PropertyTable(params (string Name, TField Field)[] properties)
    {
        _byShape = properties
            .Select(p => (Name: Encoding.UTF8.GetBytes(p.Name), p.Field))
            .GroupBy(p => Shape(p.Name))
            .ToFrozenDictionary(g => g.Key, g => g.ToArray());
    }

    public bool TryFind(ReadOnlySpan<byte> name, out TField field)
    {
        if (name.Length > 0 && _byShape.TryGetValue(Shape(name), out var candidates))
        {
            foreach (var (candidate, value) in candidates)
            {
                if (name.SequenceEqual(candidate))
                {
                    field = value;
                    return true;
                }
            }
        }

        field = default;
        return false;
    }

    private static int Shape(ReadOnlySpan<byte> name) =>
        name.Length == 0 ? 0 : (name.Length << 16) | (name[0] << 8) | name[^1];
}
