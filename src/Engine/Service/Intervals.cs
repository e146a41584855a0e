using Google.Protobuf.WellKnownTypes;

namespace BatonClerk.Engine.Service;

/// <summary>Turns server-suggested durations into safe waits.</summary>
internal static class Intervals
{
    public static TimeSpan Heartbeat(Duration? next, ServiceOptions options)
    {
        var value = next?.ToTimeSpan() ?? TimeSpan.Zero;
        if (value <= TimeSpan.Zero)
        {
            return options.DefaultHeartbeatInterval;
        }

        return Clamp(value, options.MinHeartbeatInterval, options.MaxHeartbeatInterval);
    }

    /// <summary>
    /// next_poll clamped to [0, max]. An unset value would make the SDK busy-loop; this client
    /// waits <see cref="ServiceOptions.DefaultPollInterval"/> instead.
    /// </summary>
    public static TimeSpan Poll(Duration? next, ServiceOptions options) =>
        next is null ? options.DefaultPollInterval : Clamp(next.ToTimeSpan(), TimeSpan.Zero, options.MaxPollInterval);

    /// <summary>errors² × unit, capped: 1, 4, 9, 16 … 60 s with the defaults.</summary>
    public static TimeSpan PollErrorBackoff(int consecutiveErrors, ServiceOptions options)
    {
        var factor = Math.Min((long)consecutiveErrors * consecutiveErrors, 1_000_000);
        var ticks = Math.Min(options.PollErrorBackoffUnit.Ticks * factor, options.PollErrorBackoffMax.Ticks);
        return TimeSpan.FromTicks(ticks);
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min ? min : value > max ? max : value;
}
