using Microsoft.Data.Sqlite;

namespace BatonClerk.Engine.C1z;

/// <summary>Opens and removes the private SQLite files that c1z writers and readers work on.</summary>
internal static class WorkingDatabase
{
    /// <summary>
    /// Pooling is off so that disposing the connection really closes the file before it is packed or deleted.
    /// The pragmas trade crash safety for speed: the file is private and discarded on any failure (unless it is
    /// resumable), and no WAL, which the SDK would refuse. A throwaway file keeps its journal in memory: only the
    /// statement rollback of a unique index that meets a repeated id needs it.
    /// </summary>
    public static SqliteConnection Open(string path, int cacheSizeMiB, int? pageSize = null, bool journaled = false)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        var db = new SqliteConnection(builder.ConnectionString);
        try
        {
            db.Open();
            using var cmd = db.CreateCommand();
            // page_size only takes effect on a new, empty file; for existing files it is a no-op.
            cmd.CommandText = (pageSize is { } size ? $"PRAGMA page_size = {size}; " : "")
                // A resumable file needs a journal: a process killed mid-transaction must leave a consistent file.
                // A rollback journal rather than WAL: the load only appends (its unique indexes are deferred), and
                // SQLite journals only pages that existed before a transaction, where WAL writes every page twice.
                + (journaled ? "PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = TRUNCATE; " : "PRAGMA journal_mode = MEMORY; PRAGMA locking_mode = EXCLUSIVE; ")
                + "PRAGMA synchronous = OFF; "
                + $"PRAGMA temp_store = FILE; PRAGMA cache_size = -{cacheSizeMiB * 1024};";
            cmd.ExecuteNonQuery();
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort cleanup; nothing useful can be done about a file that will not go away.
            }
        }
    }
}
