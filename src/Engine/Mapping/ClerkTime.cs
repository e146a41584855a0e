using Google.Protobuf.WellKnownTypes;

namespace BatonClerk.Engine.Mapping;

/// <summary>Clerk sends every timestamp as Unix milliseconds.</summary>
internal static class ClerkTime
{
    public static Timestamp? ToTimestamp(long? unixMilliseconds) =>
        unixMilliseconds is { } ms && ms > 0
            ? Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(ms))
            : null;
}
