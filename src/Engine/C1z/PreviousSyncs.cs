using Microsoft.Data.Sqlite;

namespace BatonClerk.Engine.C1z;

/// <summary>
/// The syncs of the file being replaced that the SDK's cleanup would keep, decoded into a private SQLite file so
/// they can be copied into the new one: a file then holds the new sync and its predecessor, as an SDK-written one
/// does. A target that is missing, empty or not a readable v1 c1z has nothing to keep and is replaced as a whole.
/// </summary>
internal sealed class PreviousSyncs : IDisposable
{
    private const string Schema = "previous";
    private readonly string _path;

    private PreviousSyncs(string path, IReadOnlyList<string> syncIds)
    {
        _path = path;
        SyncIds = syncIds;
    }

    /// <summary>The kept sync ids, oldest first.</summary>
    public IReadOnlyList<string> SyncIds { get; }

    public static PreviousSyncs? Load(string targetPath, string workDir, string newSyncId, int keepFull, int cacheSizeMiB)
    {
        var target = new FileInfo(targetPath);
        if (!target.Exists || target.Length == 0)
        {
            return null;
        }

        var path = Path.Combine(workDir, $".{target.Name}.{Guid.NewGuid():N}.sqlite");
        try
        {
            C1zEnvelope.Unpack(targetPath, path);
            List<C1zSyncRun> runs;
            using (var db = WorkingDatabase.Open(path, cacheSizeMiB))
            {
                // Older files lack columns; add them so one column list copies every version.
                C1zSchema.Migrate(db);
                runs = Runs(db);
            }

            var drop = SyncRetention.ToDrop(runs, keepFull);
            var kept = runs.Select(r => r.SyncId).Where(id => !drop.Contains(id) && id != newSyncId).ToList();
            if (kept.Count > 0)
            {
                return new PreviousSyncs(path, kept);
            }
        }
        catch (Exception e) when (e is C1zException or SqliteException or IOException or UnauthorizedAccessException)
        {
            // Not a readable v1 c1z (foreign file, pebble, damaged): there is no history to keep.
        }

        WorkingDatabase.Delete(path);
        return null;
    }

    /// <summary>
    /// Removes rows a run killed after carrying them over left in its working file, so the counts and the copy that
    /// follow see only the file's own sync. A cheap check first: normally there is nothing to remove.
    /// </summary>
    public static void RemoveCarried(SqliteConnection db, string syncId)
    {
        using (var check = db.CreateCommand())
        {
            check.CommandText = $"SELECT COUNT(*) FROM {C1zSchema.SyncRuns} WHERE sync_id <> $s";
            check.Parameters.AddWithValue("$s", syncId);
            if ((long)check.ExecuteScalar()! == 0)
            {
                return;
            }
        }

        using var tx = db.BeginTransaction();
        foreach (var table in C1zSchema.Tables)
        {
            C1zWriter.Execute(db, tx, $"DELETE FROM {table.Name} WHERE sync_id <> $s", ("$s", syncId));
        }

        tx.Commit();
    }

    /// <summary>ATTACH is not allowed inside a transaction, so it precedes <see cref="CopyInto"/>.</summary>
    public void Attach(SqliteConnection db)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"ATTACH DATABASE $path AS {Schema}";
        cmd.Parameters.AddWithValue("$path", _path);
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// Copies the kept syncs' rows with their sync ids. Their sync-run rows keep their ids and the new run moves
    /// after them, so row-id order stays oldest first: the SDK's cleanup relies on it to find the oldest full sync.
    /// </summary>
    public void CopyInto(SqliteConnection db, SqliteTransaction tx, string newSyncId)
    {
        C1zWriter.Execute(db, tx, $"UPDATE {C1zSchema.SyncRuns} SET id = (SELECT COALESCE(MAX(id), 0) + 1 FROM {Schema}.{C1zSchema.SyncRuns}) WHERE sync_id = $new",
            ("$new", newSyncId));
        var keys = string.Join(", ", SyncIds.Select((_, i) => $"$k{i}"));
        var parameters = SyncIds.Select((id, i) => ($"$k{i}", (object)id)).ToArray();
        foreach (var table in C1zSchema.Tables)
        {
            var runs = table.Name == C1zSchema.SyncRuns;
            var columns = (runs ? "id, " : "") + string.Join(", ", table.Columns.Select(c => c.Name));
            C1zWriter.Execute(db, tx,
                $"INSERT INTO main.{table.Name} ({columns}) SELECT {columns} FROM {Schema}.{table.Name} "
                + $"WHERE sync_id IN ({keys}) ORDER BY id",
                parameters);
        }
    }

    public void Detach(SqliteConnection db)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"DETACH DATABASE {Schema}";
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => WorkingDatabase.Delete(_path);

    private static List<C1zSyncRun> Runs(SqliteConnection db)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT sync_id, started_at, ended_at, sync_type, linked_sync_id FROM {C1zSchema.SyncRuns} ORDER BY id";
        using var r = cmd.ExecuteReader();
        var runs = new List<C1zSyncRun>();
        while (r.Read())
        {
            runs.Add(new C1zSyncRun(r.GetString(0), Text(r, 1), r.IsDBNull(2) ? null : Text(r, 2), r.GetString(3), "", "")
            {
                LinkedSyncId = r.GetString(4),
            });
        }

        return runs;
    }

    private static string Text(SqliteDataReader r, int ordinal) =>
        Convert.ToString(r.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
