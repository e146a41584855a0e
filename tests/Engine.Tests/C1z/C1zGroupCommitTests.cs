using BatonClerk.Engine.C1z;

namespace BatonClerk.Engine.Tests.C1z;

public sealed class C1zGroupCommitTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private C1zWriter Create(int commitRows) =>
        C1zWriter.Create(_dir.File("sync.c1z"), new C1zWriterOptions { ResumeFingerprint = "key", CommitRows = commitRows, CommitInterval = TimeSpan.FromMinutes(10) });

    [Fact]
    public void Abandon_MidGroup_ResumesFromTheLastCommitWithRowsAndStateTogether()
    {
        using (var killed = Create(commitRows: 3))
        {
            killed.PutGrants([SampleData.Grant("org_1", "user_1"), SampleData.Grant("org_1", "user_2")]);
            killed.SaveState([new("done:a", "1")]);
            // The group is full (3 writes): committed. What follows is not, as in a process killed here.
            killed.PutGrants([SampleData.Grant("org_1", "user_3")]);
            killed.SaveState([new("done:b", "1")]);
            killed.Abandon();
        }

        using (var resumed = Create(commitRows: 3))
        {
            Assert.True(resumed.Resumed);
            var state = resumed.LoadState();
            Assert.Contains("done:a", state.Keys);
            Assert.DoesNotContain("done:b", state.Keys);
            resumed.Complete();
        }

        using var reader = C1zReader.Open(_dir.File("sync.c1z"), _dir.Path);
        Assert.Equal(["user_1", "user_2"], reader.Grants().Select(g => g.Principal.Id.Resource).Order());
    }

    [Fact]
    public void Complete_ResumedFileWithRefetchedRows_KeepsOneRowPerIdWithTheLastData()
    {
        using (var killed = Create(commitRows: 1))
        {
            killed.PutGrants([SampleData.Grant("org_1", "user_1"), SampleData.Grant("org_1", "user_2")]);
            killed.Abandon();
        }

        var refetched = SampleData.Grant("org_1", "user_1");
        refetched.Principal.DisplayName = "refetched";
        using (var resumed = Create(commitRows: 1))
        {
            // A new run's key set starts empty, so only the resume itself says the file may now hold repeats.
            resumed.PutGrants([refetched]);
            resumed.PutResources([SampleData.User("user_1")]);
            resumed.PutResources([SampleData.User("user_1")]);
            resumed.Complete();
        }

        using var reader = C1zReader.Open(_dir.File("sync.c1z"), _dir.Path);
        var grants = reader.Grants().ToList();
        Assert.Equal(2, grants.Count);
        Assert.Equal("refetched", grants.Single(g => g.Principal.Id.Resource == "user_1").Principal.DisplayName);
        Assert.Single(reader.Resources(), r => r.Id.Resource == "user_1");
    }

    [Fact]
    public void Complete_RepeatedIdsOverAPreviousFile_FoldsOnlyThisSyncAndCarriesThePreviousIntact()
    {
        string firstSync;
        using (var first = C1zWriter.Create(_dir.File("sync.c1z")))
        {
            firstSync = first.SyncId;
            first.PutGrants([SampleData.Grant("org_1", "user_1"), SampleData.Grant("org_1", "user_2")]);
            first.Complete();
        }

        var changed = SampleData.Grant("org_1", "user_1");
        changed.Principal.DisplayName = "changed";
        using (var second = Create(commitRows: 1))
        {
            // The same id twice in one sync (offset pages shifting): the unique index build meets it and folds.
            second.PutGrants([SampleData.Grant("org_1", "user_1")]);
            second.PutGrants([changed]);
            second.Complete();
        }

        using var reader = C1zReader.Open(_dir.File("sync.c1z"), _dir.Path);
        Assert.Equal("changed", Assert.Single(reader.Grants()).Principal.DisplayName);
        reader.SelectSync(firstSync);
        Assert.Equal(["user_1", "user_2"], reader.Grants().Select(g => g.Principal.Id.Resource).Order());
    }

    private sealed class ManualTime : TimeProvider
    {
        public long Ticks { get; set; }

        public override long GetTimestamp() => Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }

    [Fact]
    public void Written_GroupOpenLongerThanTheInterval_CommitsAtTheNextWriteAlthoughNotFull()
    {
        var time = new ManualTime();
        var options = new C1zWriterOptions { ResumeFingerprint = "key", CommitRows = 1000, CommitInterval = TimeSpan.FromSeconds(2) };
        using (var killed = C1zWriter.Create(_dir.File("sync.c1z"), options, time))
        {
            killed.PutGrants([SampleData.Grant("org_1", "user_1")]);
            time.Ticks += TimeSpan.FromSeconds(3).Ticks;
            killed.SaveState([new("done:a", "1")]);
            // A new group, younger than the interval and far from full: lost with the process.
            killed.SaveState([new("done:b", "1")]);
            killed.Abandon();
        }

        using var resumed = C1zWriter.Create(_dir.File("sync.c1z"), options, time);
        var state = resumed.LoadState();
        Assert.Contains("done:a", state.Keys);
        Assert.DoesNotContain("done:b", state.Keys);
    }
}
