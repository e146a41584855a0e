using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;

namespace BatonClerk.Engine.Tests.C1z;

public sealed class C1zResumeTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }

    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private C1zWriter Interrupted(string key, DateTimeOffset at)
    {
        var writer = C1zWriter.Create(_dir.File("sync.c1z"), new C1zWriterOptions { ResumeFingerprint = key, CommitRows = 1 }, new FixedTime(at));
        writer.PutResourceTypes([new ResourceType { Id = "user" }]);
        writer.SaveState([new("done:users|page-1", "500")]);
        writer.Abandon();
        return writer;
    }

    [Fact]
    public void Create_SameKeyWithinSevenDays_ResumesSyncIdAndState()
    {
        var first = Interrupted("key-a", T0);

        using var second = C1zWriter.Create(_dir.File("sync.c1z"), new C1zWriterOptions { ResumeFingerprint = "key-a" }, new FixedTime(T0.AddDays(6)));

        Assert.True(second.Resumed);
        Assert.Equal(first.SyncId, second.SyncId);
        Assert.Equal("500", second.LoadState()["done:users|page-1"]);
    }

    [Fact]
    public void Create_OlderThanSevenDays_StartsFresh()
    {
        var first = Interrupted("key-a", T0);

        using var second = C1zWriter.Create(_dir.File("sync.c1z"), new C1zWriterOptions { ResumeFingerprint = "key-a" }, new FixedTime(T0.AddDays(7).AddMinutes(1)));

        Assert.False(second.Resumed);
        Assert.NotEqual(first.SyncId, second.SyncId);
        Assert.DoesNotContain("done:users|page-1", second.LoadState().Keys);
    }

    [Fact]
    public void Create_OtherKey_StartsFresh()
    {
        var first = Interrupted("key-a", T0);

        using var second = C1zWriter.Create(_dir.File("sync.c1z"), new C1zWriterOptions { ResumeFingerprint = "key-b" }, new FixedTime(T0));

        Assert.False(second.Resumed);
        Assert.NotEqual(first.SyncId, second.SyncId);
    }

    [Fact]
    public void Complete_ResumedSync_PacksWithoutTheResumeTableOrWal()
    {
        var first = Interrupted("key-a", T0);
        File.WriteAllText(_dir.File(".sync.c1z.0123.tmp"), "left by a killed pack");

        using (var second = C1zWriter.Create(_dir.File("sync.c1z"), new C1zWriterOptions { ResumeFingerprint = "key-a" }, new FixedTime(T0.AddHours(1))))
        {
            second.Complete();
        }

        Assert.Equal([_dir.File("sync.c1z")], Directory.GetFiles(_dir.Path));
        using var reader = C1zReader.Open(_dir.File("sync.c1z"));
        Assert.Equal(first.SyncId, Assert.Single(reader.SyncRuns).SyncId);
        Assert.True(reader.SyncRuns[0].IsFinished);
        Assert.Equal("user", Assert.Single(reader.ResourceTypes()).Id);
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={C1zTestFiles.Decode(_dir.File("sync.c1z"), _dir)};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'baton_clerk%'";
        Assert.Equal(0L, (long)cmd.ExecuteScalar()!);
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("delete", (string)cmd.ExecuteScalar()!);
    }
}
