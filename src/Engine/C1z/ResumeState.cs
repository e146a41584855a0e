using Microsoft.Data.Sqlite;

namespace BatonClerk.Engine.C1z;

/// <summary>
/// The connector's own bookkeeping inside a resumable working file: which instance and configuration it belongs
/// to, and what the sync has stored so far. Dropped before the file is packed, so no c1z ever carries it.
/// </summary>
internal static class ResumeState
{
    private const string Table = "baton_clerk_resume";
    private const string KeyEntry = "resume-key";

    public static void Create(SqliteConnection db, string resumeKey)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"CREATE TABLE IF NOT EXISTS {Table} (key TEXT PRIMARY KEY, value TEXT NOT NULL)";
        cmd.ExecuteNonQuery();
        SaveNow(db, [new(KeyEntry, resumeKey)]);
    }

    /// <summary>
    /// The sync to resume, or null when the file belongs to another key or is too old. A sync whose end was already
    /// recorded but whose file was never published (killed while indexing, packing or publishing) is resumable too:
    /// <see cref="Reopen"/> clears its end so the run finishes it again.
    /// </summary>
    public static string? ResumableSyncId(SqliteConnection db, string resumeKey, string startedNoEarlierThan)
    {
        try
        {
            var state = Load(db);
            if (!state.TryGetValue(KeyEntry, out var key) || key != resumeKey)
            {
                return null;
            }

            // The file's own sync is the last run: runs carried over from the replaced file sort before it.
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT sync_id, started_at FROM v1_sync_runs ORDER BY id DESC LIMIT 1";
            using var reader = cmd.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var syncId = reader.GetString(0);
            var started = reader.GetString(1);
            return string.CompareOrdinal(started, startedNoEarlierThan) >= 0 ? syncId : null;
        }
        catch (SqliteException)
        {
            // A damaged or foreign file is simply not resumable.
            return null;
        }
    }

    public static bool Exists(SqliteConnection db)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $n";
        cmd.Parameters.AddWithValue("$n", Table);
        return (long)cmd.ExecuteScalar()! > 0;
    }

    /// <summary>Marks the reopened sync unfinished again; it is finished anew when the resumed run completes.</summary>
    public static void Reopen(SqliteConnection db)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "UPDATE v1_sync_runs SET ended_at = NULL WHERE id = (SELECT MAX(id) FROM v1_sync_runs)";
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// Copies the bookkeeping to a side file before <see cref="Drop"/> removes it from the working file, so a process
    /// killed while packing or publishing can still be resumed (and then only has to publish).
    /// </summary>
    public static void Export(SqliteConnection db, string sidePath)
    {
        var temp = sidePath + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            System.Text.Json.JsonSerializer.Serialize(stream, Load(db));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, sidePath, overwrite: true);
    }

    /// <summary>Restores bookkeeping that <see cref="Export"/> saved; false when the side file is unreadable.</summary>
    public static bool Import(SqliteConnection db, string sidePath)
    {
        Dictionary<string, string>? state;
        try
        {
            using var stream = File.OpenRead(sidePath);
            state = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return false;
        }

        if (state is null || !state.ContainsKey(KeyEntry))
        {
            return false;
        }

        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = $"CREATE TABLE IF NOT EXISTS {Table} (key TEXT PRIMARY KEY, value TEXT NOT NULL)";
            cmd.ExecuteNonQuery();
        }

        SaveNow(db, state);
        return true;
    }

    public static Dictionary<string, string> Load(SqliteConnection db)
    {
        var state = new Dictionary<string, string>(StringComparer.Ordinal);
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT key, value FROM {Table}";
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            state[reader.GetString(0)] = reader.GetString(1);
        }

        return state;
    }

    private static void SaveNow(SqliteConnection db, IReadOnlyCollection<KeyValuePair<string, string>> entries)
    {
        using var tx = db.BeginTransaction();
        Save(db, tx, entries);
        tx.Commit();
    }

    public static void Save(SqliteConnection db, SqliteTransaction tx, IReadOnlyCollection<KeyValuePair<string, string>> entries)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO {Table} (key, value) VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        var k = cmd.Parameters.Add("$k", SqliteType.Text);
        var v = cmd.Parameters.Add("$v", SqliteType.Text);
        foreach (var (key, value) in entries)
        {
            k.Value = key;
            v.Value = value;
            cmd.ExecuteNonQuery();
        }
    }

    public static void Drop(SqliteConnection db)
    {
        using var cmd = db.CreateCommand();
        // secure_delete zeroes the freed pages, so not even the bookkeeping's text survives in the packed file.
        cmd.CommandText = $"PRAGMA secure_delete = ON; DROP TABLE IF EXISTS {Table}; PRAGMA secure_delete = OFF; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;";
        cmd.ExecuteNonQuery();
    }
}
