using BatonClerk.Engine.Baton;
using BatonClerk.Engine.C1z;

namespace BatonClerk.Engine.Tests.C1z;

public sealed class C1zTimestampTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(120, "2026-08-21 14:03:07.12")]
    [InlineData(0, "2026-08-21 14:03:07")]
    public void Now_LocalWallClock_UsesSdkLayout(int millis, string expected)
    {
        var time = new FixedTime(new DateTimeOffset(2026, 8, 21, 12, 3, 7, millis, TimeSpan.Zero), TimeSpan.FromHours(2));

        Assert.Equal(expected, C1zTimestamp.Now(time));
    }

    [Fact]
    public void Create_InjectedTime_StampsSyncRunAndKsuid()
    {
        var now = new DateTimeOffset(2026, 8, 21, 12, 3, 7, 500, TimeSpan.Zero);
        var time = new FixedTime(now, TimeSpan.FromHours(-5));
        var path = _dir.File("t.c1z");
        using (var writer = C1zWriter.Create(path, time: time))
        {
            Assert.Equal(now.AddMilliseconds(-500), Ksuid.Timestamp(writer.SyncId));
            writer.Complete();
        }

        using var reader = C1zReader.Open(path, _dir.Path);

        var run = Assert.Single(reader.SyncRuns);
        Assert.Equal("2026-08-21 07:03:07.5", run.StartedAt);
        Assert.Equal("2026-08-21 07:03:07.5", run.EndedAt);
    }

    private sealed class FixedTime(DateTimeOffset utcNow, TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => utcNow;

        public override TimeZoneInfo LocalTimeZone { get; } =
            TimeZoneInfo.CreateCustomTimeZone("test", offset, "test", "test");
    }
}
