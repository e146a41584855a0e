namespace BatonClerk.Simulator;

/// <summary>
/// Clerk-looking IDs derived from a sequence number, so a million users need no stored ID strings and a cursor ID
/// can be turned back into its position even after the user was deleted.
/// </summary>
public static class SimIds
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int NumberDigits = 9;
    private const int FillerDigits = 16;

    public static string User(long number) => Make("user_", number);

    public static string Organization(long number) => Make("org_", number);

    public static string Membership(long number) => Make("orgmem_", number);

    public static string Email(long number) => Make("idn_", number);

    public static string Role(long number) => Make("role_", number);

    public static string Permission(long number) => Make("perm_", number);

    /// <summary>The sequence number inside an ID of the given prefix, or null when it is not one of ours.</summary>
    public static long? TryParse(string prefix, string? id)
    {
        if (id is null || !id.StartsWith(prefix, StringComparison.Ordinal) || id.Length != prefix.Length + 1 + NumberDigits + FillerDigits)
        {
            return null;
        }

        long value = 0;
        foreach (var c in id.AsSpan(prefix.Length + 1, NumberDigits))
        {
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                return null;
            }

            value = (value * 62) + digit;
        }

        return Make(prefix, value) == id ? value : null;
    }

    private static string Make(string prefix, long number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        return string.Create(prefix.Length + 1 + NumberDigits + FillerDigits, (prefix, number), static (span, state) =>
        {
            state.prefix.CopyTo(span);
            var rest = span[state.prefix.Length..];
            rest[0] = '2';
            var n = state.number;
            for (var i = NumberDigits; i >= 1; i--)
            {
                rest[i] = Alphabet[(int)(n % 62)];
                n /= 62;
            }

            // The filler only makes IDs look random; it is a pure function of the number.
            var x = (ulong)state.number * 0x9E3779B97F4A7C15UL ^ 0xD1B54A32D192ED03UL;
            for (var i = NumberDigits + 1; i < rest.Length; i++)
            {
                x ^= x >> 29;
                x *= 0xBF58476D1CE4E5B9UL;
                x ^= x >> 32;
                rest[i] = Alphabet[(int)(x % 62)];
            }
        });
    }
}
