using System.Text.Json;
using Google.Protobuf.WellKnownTypes;

namespace BatonClerk.Engine.Mapping;

/// <summary>
/// Builds profile Structs with keys in sorted order, because Baton sync diffs compare serialized bytes and
/// protobuf maps keep insertion order.
/// </summary>
internal sealed class ProfileBuilder
{
    // A list sorted once in Build is much cheaper per user than a sorted tree; a repeated key keeps its last value.
    private readonly List<KeyValuePair<string, Value>> _fields = new(32);

    public ProfileBuilder Add(string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _fields.Add(new(key, Value.ForString(value)));
        }

        return this;
    }

    public ProfileBuilder Add(string key, long? value)
    {
        if (value is { } v)
        {
            _fields.Add(new(key, Value.ForNumber(v)));
        }

        return this;
    }

    public ProfileBuilder Add(string key, bool value)
    {
        _fields.Add(new(key, Value.ForBool(value)));
        return this;
    }

    /// <summary>A flag Clerk may leave out or send as null; unknown adds nothing.</summary>
    public ProfileBuilder Add(string key, bool? value) => value is { } known ? Add(key, known) : this;

    /// <summary>A list of strings; an empty list adds nothing.</summary>
    public ProfileBuilder Add(string key, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            _fields.Add(new(key, Value.ForList([.. values.Select(Value.ForString)])));
        }

        return this;
    }

    public ProfileBuilder AddJson(string key, JsonElement? json)
    {
        if (json is { ValueKind: JsonValueKind.Object } obj && obj.EnumerateObject().Any())
        {
            _fields.Add(new(key, FromJson(obj)));
        }

        return this;
    }

    public Struct Build()
    {
        var result = new Struct();
        // Stable by key (insertion order breaks ties), so the last of a repeated key is the one kept below.
        var order = new int[_fields.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = _fields;
        Array.Sort(order, (a, b) => string.CompareOrdinal(keys[a].Key, keys[b].Key) is var c and not 0 ? c : a.CompareTo(b));
        for (var i = 0; i < order.Length; i++)
        {
            if (i + 1 < order.Length && keys[order[i + 1]].Key == keys[order[i]].Key)
            {
                continue;
            }

            result.Fields.Add(keys[order[i]].Key, keys[order[i]].Value);
        }

        return result;
    }

    private static Value FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => Value.ForStruct(StructFromJson(element)),
        JsonValueKind.Array => Value.ForList(element.EnumerateArray().Select(FromJson).ToArray()),
        JsonValueKind.String => Value.ForString(element.GetString()),
        JsonValueKind.Number => Value.ForNumber(element.GetDouble()),
        JsonValueKind.True => Value.ForBool(true),
        JsonValueKind.False => Value.ForBool(false),
        _ => Value.ForNull(),
    };

    private static Struct StructFromJson(JsonElement obj)
    {
        var result = new Struct();
        foreach (var property in obj.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            result.Fields[property.Name] = FromJson(property.Value);
        }

        return result;
    }
}
