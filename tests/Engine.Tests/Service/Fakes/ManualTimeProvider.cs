namespace BatonClerk.Engine.Tests.Service.Fakes;

/// <summary>A clock tests move by hand (only wall-clock reads; timers stay real).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
