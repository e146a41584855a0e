using System.Text.Json;
using Google.Protobuf.WellKnownTypes;

namespace BatonClerk.Engine.Mapping;

/// <summary>
/// Builds profile Structs with keys in sorted order, because Baton sync diffs compare serialized bytes and
/// protobuf maps keep insertion order.
/// </summary>
internal sealed class ProfileBuilder
{
    private readonly SortedDictionary<string, Value> _fields = new(StringComparer.Ordinal);

    public ProfileBuilder Add(string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _fields[key] = Value.ForString(value);
        }

        return this;
    }

    public ProfileBuilder Add(string key, long? value)
    {
        if (value is { } v)
        {
            _fields[key] = Value.ForNumber(v);
        }

        return this;
    }

    public ProfileBuilder Add(string key, bool value)
    {
        _fields[key] = Value.ForBool(value);
        return this;
    }

    /// <summary>A flag Clerk may leave out or send as null; unknown adds nothing.</summary>
    public ProfileBuilder Add(string key, bool? value) => value is { } known ? Add(key, known) : this;

    /// <summary>A list of strings; an empty list adds nothing.</summary>
    public ProfileBuilder Add(string key, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            _fields[key] = Value.ForList([.. values.Select(Value.ForString)]);
        }

        return this;
    }

    public ProfileBuilder AddJson(string key, JsonElement? json)
    {
        if (json is { ValueKind: JsonValueKind.Object } obj && obj.EnumerateObject().Any())
        {
            _fields[key] = FromJson(obj);
        }

        return this;
    }

    public Struct Build()
    {
        var result = new Struct();
        foreach (var (key, value) in _fields)
        {
            result.Fields.Add(key, value);
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
