using System.Text.Json;
using System.Text.Unicode;

namespace BatonClerk.Engine.Clerk.Reading;

/// <summary>
/// INTERNAL API. The value reads the fast readers share. Each accepts exactly the tokens System.Text.Json accepts for
/// the model property's type under <see cref="ClerkJsonContext"/>'s options (a nullable annotation allows null, a
/// number must fit its integer type, a string may be escaped) and raises <see cref="FastPathMiss"/> for anything
/// else, so the general parser decides those bodies.
/// </summary>
internal static class JsonScan
{
    public delegate T ItemReader<out T>(ref Utf8JsonReader reader);

    public static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw FastPathMiss.Create();
        }
    }

    public static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        Next(ref reader);
        if (reader.TokenType != type)
        {
            throw FastPathMiss.Create();
        }
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            name = default;
            return false;
        }

        // Clerk never escapes a property name; one that is escaped goes to the general parser, which unescapes it.
        if (reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped)
        {
            throw FastPathMiss.Create();
        }

        name = reader.ValueSpan;
        return true;
    }

    /// <summary>Past the value of an unknown property, whatever it is.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        if (!reader.TrySkip())
        {
            throw FastPathMiss.Create();
        }
    }

    public static string String(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String);
        return reader.GetString()!;
    }

    public static string? NullableString(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw FastPathMiss.Create(),
        };
    }

    /// <summary>A string that repeats across a page, from <paramref name="cache"/> when it has been seen.</summary>
    public static string? NullableString(ref Utf8JsonReader reader, Utf8StringCache cache)
    {
        Next(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.String when !reader.ValueIsEscaped && Utf8.IsValid(reader.ValueSpan) => cache.Get(reader.ValueSpan),
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw FastPathMiss.Create(),
        };
    }

    /// <summary>A string property the mapping never reads: checked as the general parser would, not kept.</summary>
    public static void CheckNullableString(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueIsEscaped)
            {
                // Rare enough to unescape; invalid text throws, and the caller hands the body to the general parser.
                _ = reader.GetString();
            }
            else if (!Utf8.IsValid(reader.ValueSpan))
            {
                throw FastPathMiss.Create();
            }
        }
        else if (reader.TokenType != JsonTokenType.Null)
        {
            throw FastPathMiss.Create();
        }
    }

    public static bool Bool(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw FastPathMiss.Create(),
        };
    }

    public static bool? NullableBool(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Null => null,
            _ => throw FastPathMiss.Create(),
        };
    }

    public static long Int64(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.Number);
        return reader.TryGetInt64(out var value) ? value : throw FastPathMiss.Create();
    }

    public static long? NullableInt64(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt64(out var value) => value,
            JsonTokenType.Null => null,
            _ => throw FastPathMiss.Create(),
        };
    }

    public static int? NullableInt32(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt32(out var value) => value,
            JsonTokenType.Null => null,
            _ => throw FastPathMiss.Create(),
        };
    }

    /// <summary>Any JSON value, kept as an element (null for a JSON null, as the general parser gives a nullable element).</summary>
    public static JsonElement? NullableElement(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType == JsonTokenType.Null ? null : JsonElement.ParseValue(ref reader);
    }

    /// <summary>An array of objects (null for a JSON null); a null or non-object item goes to the general parser.</summary>
    public static List<T>? NullableList<T>(ref Utf8JsonReader reader, ItemReader<T> item)
    {
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw FastPathMiss.Create();
        }

        var list = new List<T>();
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return list;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw FastPathMiss.Create();
            }

            list.Add(item(ref reader));
        }
    }

    /// <summary>After the top-level value only whitespace may follow.</summary>
    public static void End(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw FastPathMiss.Create();
        }
    }
}
