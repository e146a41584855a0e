using BatonClerk.Engine.C1z;
using Microsoft.Data.Sqlite;

namespace BatonClerk.Engine.Tests.C1z;

public sealed class C1zEarlyIndexTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private C1zWriter Create(int commitRows = 20_000) =>
        C1zWriter.Create(_dir.File("sync.c1z"), new C1zWriterOptions { ResumeFingerprint = "key", CommitRows = commitRows, CommitInterval = TimeSpan.FromMinutes(10) });

    [Fact]
    public void Interrupt_WhenNoStatementRuns_LeavesTheBuildAndLaterWritesWhole()
    {
        // The uploader interrupts a step that may have just ended: SQLite must not carry that into the next statement.
        using (var writer = Create())
        {
            writer.PutGrants([SampleData.Grant("org_1", "user_1")]);
            writer.Interrupt();
            Assert.True(writer.BuildNextDeferredIndex().Built);
            writer.Interrupt();
            writer.PutGrants([SampleData.Grant("org_1", "user_2")]);
            writer.Complete();
        }

        using var reader = C1zReader.Open(_dir.File("sync.c1z"), _dir.Path);
        Assert.Equal(["user_1", "user_2"], reader.Grants().Select(g => g.Principal.Id.Resource).Order());
    }

    [Fact]
    public void BuildDeferredIndexes_ThenMoreRowsWithARepeat_KeepsOneRowPerIdWithTheLastDataAndEveryIndex()
    {
        using (var writer = Create())
        {
            writer.PutGrants([SampleData.Grant("org_1", "user_1"), SampleData.Grant("org_1", "user_2")]);
            writer.PutResources([SampleData.User("user_1")]);
            Assert.True(writer.BuildDeferredIndexes());
            Assert.False(writer.BuildDeferredIndexes());

            // After the build the tables upsert: a page fetched again (offsets shifted) replaces its rows.
            var repeated = SampleData.Grant("org_1", "user_1");
            repeated.Principal.DisplayName = "again";
            writer.PutGrants([repeated, SampleData.Grant("org_1", "user_3")]);
            writer.PutResources([SampleData.User("user_1"), SampleData.User("user_2")]);
            writer.Complete();
        }

        using var reader = C1zReader.Open(_dir.File("sync.c1z"), _dir.Path);
        var grants = reader.Grants().ToList();
        Assert.Equal(["user_1", "user_2", "user_3"], grants.Select(g => g.Principal.Id.Resource).Order());
        Assert.Equal("again", grants.Single(g => g.Principal.Id.Resource == "user_1").Principal.DisplayName);
        Assert.Equal(["user_1", "user_2"], reader.Resources().Select(r => r.Id.Resource).Order());
        Assert.Equal(AllIndexNames(), IndexNames(_dir.File("sync.c1z")));
    }

    [Fact]
    public void BuildNextDeferredIndex_RowsWithRepeatsBetweenTheSteps_BuildsOneAtATimeAndKeepsTheLastRowPerId()
    {
        var steps = new List<DeferredIndexStep>();
        using (var writer = Create())
        {
            writer.PutGrants([SampleData.Grant("org_1", "user_1"), SampleData.Grant("org_1", "user_2")]);
            writer.PutResources([SampleData.User("user_1")]);
            while (writer.BuildNextDeferredIndex() is { Built: true } step)
            {
                steps.Add(step);

                // Pages stored between the steps repeat ids: before a table's unique index (a plain insert, folded
                // when that index is built) and after it (an upsert).
                var grant = SampleData.Grant("org_1", "user_1");
                grant.Principal.DisplayName = $"after step {steps.Count}";
                var user = SampleData.User("user_1");
                user.DisplayName = $"after step {steps.Count}";
                writer.PutGrants([grant]);
                writer.PutResources([user, SampleData.User($"user_{steps.Count + 10}")]);
            }

            Assert.False(writer.BuildNextDeferredIndex().Built);
            writer.Complete();
        }

        // The grants' five first (they are usually complete by then), the resources' unique one last.
        Assert.Equal([5, 4, 3, 2, 1, 0], steps.Select(s => s.Left));
        using var reader = C1zReader.Open(_dir.File("sync.c1z"), _dir.Path);
        var grants = reader.Grants().ToList();
        Assert.Equal(["user_1", "user_2"], grants.Select(g => g.Principal.Id.Resource).Order());
        Assert.Equal("after step 6", grants.Single(g => g.Principal.Id.Resource == "user_1").Principal.DisplayName);
        var resources = reader.Resources().ToList();
        Assert.Equal(7, resources.Count);
        Assert.Equal("after step 6", resources.Single(r => r.Id.Resource == "user_1").DisplayName);
        Assert.Equal(AllIndexNames(), IndexNames(_dir.File("sync.c1z")));
    }

    [Fact]
    public void BuildDeferredIndexes_SortsWithASmallCache_GivesTheRowsAfterItTheWholeCacheBack()
    {
        using var writer = C1zWriter.Create(_dir.File("sync.c1z"), new C1zWriterOptions { ResumeFingerprint = "key", CacheSizeMiB = 48 });
        writer.PutGrants([SampleData.Grant("org_1", "user_1"), SampleData.Grant("org_1", "user_2")]);
        Assert.Equal(48 * 1024, writer.PageCacheKiB());

        Assert.True(writer.BuildDeferredIndexes());

        // The rows still to come keep six indexes up one at a time: the configured cache, not the sorter's.
        Assert.Equal(48 * 1024, writer.PageCacheKiB());
    }

    [Fact]
    public void BuildDeferredIndexes_RepeatsStoredBeforeTheBuild_FoldsThemToTheLastWritten()
    {
        var first = SampleData.Grant("org_1", "user_1");
        var last = SampleData.Grant("org_1", "user_1");
        last.Principal.DisplayName = "last";
        using (var writer = Create())
        {
            writer.PutGrants([first]);
            writer.PutGrants([last]);
            Assert.True(writer.BuildDeferredIndexes());
            writer.Complete();
        }

        using var reader = C1zReader.Open(_dir.File("sync.c1z"), _dir.Path);
        Assert.Equal("last", Assert.Single(reader.Grants()).Principal.DisplayName);
    }

    [Fact]
    public void BuildDeferredIndexes_KilledAfterwards_ResumedRunUpsertsAndCompletes()
    {
        using (var killed = Create(commitRows: 1))
        {
            killed.PutGrants([SampleData.Grant("org_1", "user_1")]);
            Assert.True(killed.BuildDeferredIndexes());
            killed.PutGrants([SampleData.Grant("org_1", "user_2")]);
            killed.Abandon();
        }

        var refetched = SampleData.Grant("org_1", "user_2");
        refetched.Principal.DisplayName = "refetched";
        using (var resumed = Create(commitRows: 1))
        {
            Assert.True(resumed.Resumed);
            // The file has its indexes: nothing is left to build, and the page fetched again is an upsert.
            Assert.False(resumed.BuildDeferredIndexes());
            resumed.PutGrants([refetched]);
            resumed.Complete();
        }

        using var reader = C1zReader.Open(_dir.File("sync.c1z"), _dir.Path);
        var grants = reader.Grants().ToList();
        Assert.Equal(["user_1", "user_2"], grants.Select(g => g.Principal.Id.Resource).Order());
        Assert.Equal("refetched", grants.Single(g => g.Principal.Id.Resource == "user_2").Principal.DisplayName);
    }

    [Fact]
    public void BuildDeferredIndexes_APreviousSyncToCarry_LeavesTheBuildToCompletion()
    {
        using (var previous = C1zWriter.Create(_dir.File("sync.c1z")))
        {
            previous.PutGrants([SampleData.Grant("org_1", "user_1")]);
            previous.Complete();
        }

        using (var writer = Create())
        {
            writer.PutGrants([SampleData.Grant("org_1", "user_2")]);
            Assert.False(writer.BuildDeferredIndexes());
            writer.Complete();
        }

        Assert.Equal(AllIndexNames(), IndexNames(_dir.File("sync.c1z")));
    }

    private static List<string> AllIndexNames() =>
        [.. C1zSchema.Tables.SelectMany(t => t.Indexes).Select(i => i.Name).Order(StringComparer.Ordinal)];

    private List<string> IndexNames(string c1z)
    {
        using var db = new SqliteConnection($"Data Source={C1zTestFiles.Decode(c1z, _dir)};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%'";
        var names = new List<string>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            names.Add(r.GetString(0));
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }
}
