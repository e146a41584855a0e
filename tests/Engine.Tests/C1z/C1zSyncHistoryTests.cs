using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.C1z;
using Microsoft.Data.Sqlite;

namespace BatonClerk.Engine.Tests.C1z;

/// <summary>A one-shot sync into an existing c1z keeps what the SDK's cleanup keeps: the previous full sync.</summary>
public sealed class C1zSyncHistoryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Target => _dir.File("sync.c1z");

    private C1zWriteSummary Sync(string[] users, C1zCompletion? completion = null, C1zWriterOptions? options = null)
    {
        using var writer = C1zWriter.Create(Target, options);
        writer.PutResourceTypes([SampleData.UserType(), SampleData.OrgType()]);
        writer.PutResources([SampleData.Org("org_1"), .. users.Select(u => SampleData.User(u))]);
        writer.PutEntitlements([SampleData.Member("org_1")]);
        writer.PutGrants([.. users.Select(u => SampleData.Grant("org_1", u))]);
        return writer.Complete(completion);
    }

    /// <summary>(sync_id, ended_at is set, sync_type) per run in row-id order, and row counts per sync per table.</summary>
    private (List<(string Id, bool Finished, string Type)> Runs, Dictionary<(string Table, string Sync), long> Rows) Raw()
    {
        var path = C1zTestFiles.Decode(Target, _dir);
        try
        {
            using var db = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
            db.Open();
            var runs = new List<(string, bool, string)>();
            using (var cmd = db.CreateCommand())
            {
                cmd.CommandText = "SELECT sync_id, ended_at IS NOT NULL, sync_type FROM v1_sync_runs ORDER BY id";
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    runs.Add((r.GetString(0), r.GetBoolean(1), r.GetString(2)));
                }
            }

            var rows = new Dictionary<(string, string), long>();
            foreach (var table in new[] { "v1_resource_types", "v1_resources", "v1_entitlements", "v1_grants" })
            {
                using var cmd = db.CreateCommand();
                cmd.CommandText = $"SELECT sync_id, COUNT(*) FROM {table} GROUP BY sync_id";
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    rows[(table, r.GetString(0))] = r.GetInt64(1);
                }
            }

            return (runs, rows);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Complete_SecondSyncIntoSameFile_KeepsExactlyThePreviousFullSync()
    {
        var first = Sync(["u1", "u2"]);

        var second = Sync(["u2", "u3", "u4"]);

        Assert.Equal([first.SyncId], second.PreviousSyncIds);
        var (runs, rows) = Raw();
        Assert.Equal([(first.SyncId, true, "full"), (second.SyncId, true, "full")], runs);
        Assert.Equal(3, rows[("v1_resources", first.SyncId)]);
        Assert.Equal(2, rows[("v1_grants", first.SyncId)]);
        Assert.Equal(4, rows[("v1_resources", second.SyncId)]);
        Assert.Equal(3, rows[("v1_grants", second.SyncId)]);
        Assert.Equal(2, rows[("v1_resource_types", first.SyncId)]);
        Assert.Equal(1, rows[("v1_entitlements", first.SyncId)]);
        // The summary counts only the new sync, not the carried one.
        Assert.Equal(4, second.Resources);
        Assert.Equal(3, second.Grants);
    }

    [Fact]
    public void Complete_SecondSync_ReaderDefaultsToTheNewSyncAndCanSelectThePrevious()
    {
        var first = Sync(["u1"]);
        var second = Sync(["u2"]);

        using var reader = C1zReader.Open(Target, _dir.Path);

        Assert.Equal(second.SyncId, reader.SelectedSync!.SyncId);
        Assert.Equal(["u2"], reader.Resources("user").Select(r => r.Id.Resource));
        reader.SelectSync(first.SyncId);
        Assert.Equal(["u1"], reader.Resources("user").Select(r => r.Id.Resource));
        Assert.Equal([SampleData.Grant("org_1", "u1")], reader.Grants());
    }

    [Fact]
    public void Complete_ThirdSync_DropsTheOldestAndAllItsRows()
    {
        var first = Sync(["u1"]);
        var second = Sync(["u2"]);

        var third = Sync(["u3"]);

        Assert.Equal([second.SyncId], third.PreviousSyncIds);
        var (runs, rows) = Raw();
        Assert.Equal([second.SyncId, third.SyncId], runs.Select(r => r.Id));
        Assert.DoesNotContain(rows.Keys, k => k.Sync == first.SyncId);
    }

    [Fact]
    public void Complete_KeepFullSyncsOne_PublishesOnlyTheNewSync()
    {
        Sync(["u1"]);

        var second = Sync(["u2"], options: new C1zWriterOptions { KeepFullSyncs = 1 });

        Assert.Empty(second.PreviousSyncIds);
        Assert.Equal([second.SyncId], Raw().Runs.Select(r => r.Id));
    }

    [Fact]
    public void Complete_ResourcesOnlyAfterFull_KeepsTheFullSyncWhichReadersStillDefaultTo()
    {
        var full = Sync(["u1"]);

        var resourcesOnly = Sync(["u2"], new C1zCompletion { SyncType = C1zSyncType.ResourcesOnly });

        Assert.Equal([(full.SyncId, true, "full"), (resourcesOnly.SyncId, true, "resources_only")], Raw().Runs);
        using var reader = C1zReader.Open(Target, _dir.Path);
        Assert.Equal(full.SyncId, reader.SelectedSync!.SyncId);
    }

    [Fact]
    public void Complete_ExistingFileIsNotAC1z_ReplacesItWithTheNewSyncOnly()
    {
        File.WriteAllText(Target, "not a c1z");

        var summary = Sync(["u1"]);

        Assert.Empty(summary.PreviousSyncIds);
        Assert.Equal([summary.SyncId], Raw().Runs.Select(r => r.Id));
        Assert.Equal(["sync.c1z"], _dir.Entries());
    }

    [Fact]
    public void Complete_ExistingSdkFileWithUnfinishedSync_KeepsItWithItsRows()
    {
        File.Copy(Path.Combine(Fixtures.Directory, "upstream-full-sync.c1z"), Target);

        var summary = Sync(["u1"]);

        // The SDK's cleanup never drops an unfinished sync; the older schema is migrated on the way.
        Assert.Equal(["36zGvJw3uxU1QMJKU2yPVQ1hBOC"], summary.PreviousSyncIds);
        var (runs, rows) = Raw();
        Assert.Equal([("36zGvJw3uxU1QMJKU2yPVQ1hBOC", false, "full"), (summary.SyncId, true, "full")], runs);
        Assert.Equal(66601, rows[("v1_grants", "36zGvJw3uxU1QMJKU2yPVQ1hBOC")]);
        using var reader = C1zReader.Open(Target, _dir.Path);
        Assert.Equal(summary.SyncId, reader.SelectedSync!.SyncId);
    }

    [Fact]
    public void Complete_ResumedSyncIntoExistingFile_KeepsThePreviousSync()
    {
        var first = Sync(["u1"]);
        var options = new C1zWriterOptions { ResumeFingerprint = "key" };
        var interrupted = C1zWriter.Create(Target, options);
        interrupted.PutResourceTypes([SampleData.UserType()]);
        interrupted.PutResources([SampleData.User("u9")]);
        interrupted.Abandon();

        using var resumed = C1zWriter.Create(Target, options);
        var summary = resumed.Complete();

        Assert.True(resumed.Resumed);
        Assert.Equal(interrupted.SyncId, summary.SyncId);
        Assert.Equal([first.SyncId], summary.PreviousSyncIds);
        Assert.Equal([first.SyncId, interrupted.SyncId], Raw().Runs.Select(r => r.Id));
        Assert.Equal(["sync.c1z"], _dir.Entries().Where(e => !e.StartsWith("decoded-", StringComparison.Ordinal)));
    }
}
