using System.Globalization;

namespace BatonClerk.Simulator;

/// <summary>
/// The query string, parsed by hand: '+' stays '+' (as in an unencoded "+created_at") rather than becoming a space.
/// </summary>
internal sealed class SimQuery
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public SimQuery(string? rawQuery)
    {
        foreach (var part in (rawQuery ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..]);

            // Only the first value counts, as Clerk documents for order_by.
            _values.TryAdd(name, value);
        }
    }

    /// <summary>The raw query without its offset parameter(s), as a server ignoring offset would read it.</summary>
    public static string WithoutOffset(string rawQuery) =>
        string.Join('&', rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("offset=", StringComparison.Ordinal) && p != "offset"));

    /// <summary>This query as if the named parameters had not been sent.</summary>
    public SimQuery Without(params string[] names)
    {
        var copy = new SimQuery(null);
        foreach (var (key, value) in _values.Where(kv => !names.Contains(kv.Key, StringComparer.Ordinal)))
        {
            copy._values[key] = value;
        }

        return copy;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public bool Has(string name) => _values.ContainsKey(name);

    public int Limit()
    {
        var raw = Get("limit");
        if (raw is null)
        {
            return 10;
        }

        return StrictInt(raw) is { } v and >= 1 and <= 500 ? (int)v : throw SimRequestError.Invalid("limit", raw);
    }

    public int Offset()
    {
        var raw = Get("offset");
        if (raw is null)
        {
            return 0;
        }

        return StrictInt(raw) is { } v and >= 0 and <= int.MaxValue ? (int)v : throw SimRequestError.Invalid("offset", raw);
    }

    public long? Long(string name)
    {
        var raw = Get(name);
        return raw is null ? null : StrictInt(raw) ?? throw SimRequestError.Invalid(name, raw);
    }

    public bool Bool(string name)
    {
        var raw = Get(name);
        return raw switch
        {
            null => false,
            "true" => true,
            "false" => false,
            _ => throw SimRequestError.Invalid(name, raw),
        };
    }

    /// <summary>Field and direction of order_by; a missing prefix means ascending, as in Clerk.</summary>
    public (string Field, bool Descending) OrderBy(IReadOnlyCollection<string> allowed)
    {
        var raw = Get("order_by");
        if (raw is null)
        {
            return ("created_at", true);
        }

        // An unencoded '+' arrives as a space through some clients; treat it as the '+' it was.
        var text = raw.StartsWith(' ') ? "+" + raw.TrimStart() : raw;
        var descending = text.StartsWith('-');
        var field = text.TrimStart('+', '-');
        return allowed.Contains(field) ? (field, descending) : throw SimRequestError.Invalid("order_by", raw);
    }

    // Clerk rejects "10.0" and friends: only plain optional-minus digits are integers.
    private static long? StrictInt(string raw)
    {
        var digits = raw.StartsWith('-') ? raw.AsSpan(1) : raw.AsSpan();
        if (digits.Length is 0 or > 18 || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }

        return long.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }
}
