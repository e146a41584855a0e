using BatonClerk.Engine.C1z;
using Microsoft.Data.Sqlite;

namespace BatonClerk.Engine.Tests.C1z;

public sealed class C1zSelectionTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Builds a file with extra sync runs by editing a decoded copy and packing it again.</summary>
    private string FileWithRuns(params (string Id, string Started, string? Ended, string Type)[] runs)
    {
        var path = _dir.File("runs.c1z");
        using (var writer = C1zWriter.Create(path))
        {
            writer.PutResourceTypes([SampleData.UserType()]);
            writer.Complete();
        }

        return C1zTestFiles.Rewrite(path, _dir, db =>
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = "DELETE FROM v1_sync_runs";
            cmd.ExecuteNonQuery();
            foreach (var (id, started, ended, type) in runs)
            {
                cmd.CommandText = "INSERT INTO v1_sync_runs (sync_id, started_at, ended_at, sync_token, sync_type) "
                    + "VALUES ($i, $s, $e, '', $t)";
                cmd.Parameters.Clear();
                cmd.Parameters.AddWithValue("$i", id);
                cmd.Parameters.AddWithValue("$s", started);
                cmd.Parameters.AddWithValue("$e", (object?)ended ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$t", type);
                cmd.ExecuteNonQuery();
            }
        });
    }

    [Fact]
    public void Open_FinishedFullAndNewerPartial_SelectsLatestFinishedFull()
    {
        var path = FileWithRuns(
            ("A", "2026-01-01 10:00:00", "2026-01-01 11:00:00", "full"),
            ("B", "2026-01-02 10:00:00", "2026-01-02 11:00:00", "full"),
            ("C", "2026-01-03 10:00:00", "2026-01-03 11:00:00", "partial"),
            ("D", "2026-01-04 10:00:00", null, "full"));

        using var reader = C1zReader.Open(path, _dir.Path);

        Assert.Equal("B", reader.SelectedSync?.SyncId);
    }

    [Fact]
    public void Open_OnlyUnfinishedSyncs_SelectsLatestStarted()
    {
        var path = FileWithRuns(
            ("A", "2026-01-02 10:00:00", null, "full"),
            ("B", "2026-01-01 10:00:00", null, "full"));

        using var reader = C1zReader.Open(path, _dir.Path);

        Assert.Equal("A", reader.SelectedSync?.SyncId);
    }

    [Fact]
    public void Open_NoSyncRuns_ReadsEverythingUnfiltered()
    {
        var path = FileWithRuns();

        using var reader = C1zReader.Open(path, _dir.Path);

        Assert.Null(reader.SelectedSync);
        Assert.Single(reader.ResourceTypes());
    }
}
