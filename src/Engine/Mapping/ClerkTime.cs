using Google.Protobuf.WellKnownTypes;

namespace BatonClerk.Engine.Mapping;

/// <summary>Clerk sends every timestamp as Unix milliseconds.</summary>
internal static class ClerkTime
{
    public static Timestamp? ToTimestamp(long? unixMilliseconds) =>
        Milliseconds(unixMilliseconds) is { } ms
            ? Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(ms))
            : null;

    /// <summary>The time, or null when Clerk gave none (absent, 0 or negative).</summary>
    public static long? Milliseconds(long? unixMilliseconds) => unixMilliseconds is { } ms && ms > 0 ? ms : null;
}
