using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace BatonClerk.Engine.C1z;

/// <summary>
/// Reads any v1 c1z, the project's own or the Go SDK's. The file is decoded into a private temp SQLite copy
/// (deleted on dispose) and migrated to the current schema the way SDK readers do, so older files need no
/// special cases in the queries.
/// </summary>
public sealed class C1zReader : IDisposable
{
    private const int ReaderCacheSizeMiB = 64;

    private static readonly MessageParser<ResourceType> ResourceTypeParser =
        ResourceType.Parser.WithDiscardUnknownFields(true);
    private static readonly MessageParser<Resource> ResourceParser = Resource.Parser.WithDiscardUnknownFields(true);
    private static readonly MessageParser<Entitlement> EntitlementParser =
        Entitlement.Parser.WithDiscardUnknownFields(true);
    private static readonly MessageParser<Grant> GrantParser = Grant.Parser.WithDiscardUnknownFields(true);

    private readonly string _dbPath;
    private SqliteConnection? _db;

    private C1zReader(string dbPath, SqliteConnection db)
    {
        _dbPath = dbPath;
        _db = db;
        SyncRuns = LoadSyncRuns();
        SelectedSync = DefaultSync();
    }

    /// <summary>All sync runs, oldest first.</summary>
    public IReadOnlyList<C1zSyncRun> SyncRuns { get; }

    /// <summary>The sync queries are limited to; null means the whole file, unfiltered.</summary>
    public C1zSyncRun? SelectedSync { get; private set; }

    public static C1zReader Open(string path, string? tempDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new C1zException(C1zErrorKind.Io, $"c1z file '{path}' does not exist");
        }

        var dbPath = Path.Combine(tempDirectory ?? Path.GetTempPath(), $"c1z-read-{Guid.NewGuid():N}.sqlite");
        SqliteConnection? db = null;
        try
        {
            C1zEnvelope.Unpack(path, dbPath);
            db = WorkingDatabase.Open(dbPath, ReaderCacheSizeMiB);
            C1zSchema.Migrate(db);
            return new C1zReader(dbPath, db);
        }
        catch (SqliteException e)
        {
            db?.Dispose();
            WorkingDatabase.Delete(dbPath);
            throw new C1zException(C1zErrorKind.Corrupt,
                $"truncated/corrupt c1z: '{path}' holds an unreadable database: {e.Message.ReplaceLineEndings(" ")}", e);
        }
        catch (IOException e)
        {
            db?.Dispose();
            WorkingDatabase.Delete(dbPath);
            throw new C1zException(C1zErrorKind.Io, $"cannot read c1z '{path}': {e.Message}", e);
        }
        catch
        {
            db?.Dispose();
            WorkingDatabase.Delete(dbPath);
            throw;
        }
    }

    /// <summary>Limits every query to one sync, like the CLI's --sync-id.</summary>
    public void SelectSync(string syncId)
    {
        SelectedSync = SyncRuns.FirstOrDefault(r => r.SyncId == syncId)
            ?? throw new C1zException(C1zErrorKind.Usage, $"sync '{syncId}' not found in c1z");
    }

    public IReadOnlyList<ResourceType> ResourceTypes() =>
        Query("SELECT data FROM v1_resource_types", [], r => ResourceTypeParser.ParseFrom(Blob(r, 0)));

    public IReadOnlyList<Resource> Resources(string? resourceTypeId = null) =>
        Query("SELECT data FROM v1_resources", [("resource_type_id", resourceTypeId)],
            r => ResourceParser.ParseFrom(Blob(r, 0)));

    public IReadOnlyList<Entitlement> Entitlements(string? resourceTypeId = null) =>
        Query("SELECT data FROM v1_entitlements", [("resource_type_id", resourceTypeId)],
            r => EntitlementParser.ParseFrom(Blob(r, 0)));

    public IReadOnlyList<Grant> Grants(C1zGrantFilter? filter = null)
    {
        filter ??= new C1zGrantFilter();
        return Query(GrantSelect,
            [("resource_type_id", filter.ResourceTypeId), ("resource_id", filter.ResourceId),
                ("entitlement_id", filter.EntitlementId)],
            ReadGrant);
    }

    public ResourceType? FindResourceType(string id) =>
        Query("SELECT data FROM v1_resource_types", [("external_id", id)],
            r => ResourceTypeParser.ParseFrom(Blob(r, 0))).FirstOrDefault();

    public Resource? FindResource(string resourceTypeId, string resourceId) => FindResource(resourceTypeId, resourceId, null);

    internal Resource? FindResource(string resourceTypeId, string resourceId, string? syncId) =>
        Query("SELECT data FROM v1_resources", [("external_id", BatonIds.ResourceRow(resourceTypeId, resourceId))],
            r => ResourceParser.ParseFrom(Blob(r, 0)), syncId: syncId).FirstOrDefault();

    public Entitlement? FindEntitlement(string id) => FindEntitlement(id, null);

    private Entitlement? FindEntitlement(string id, string? syncId) =>
        Query("SELECT data FROM v1_entitlements", [("external_id", id)],
            r => EntitlementParser.ParseFrom(Blob(r, 0)), syncId: syncId).FirstOrDefault();

    /// <summary>Looks a grant up by id together with the entitlement and principal rows it references.</summary>
    public C1zResolvedGrant? ResolveGrant(string grantId) => ResolveGrant(grantId, null);

    /// <summary>The same, in the given sync rather than the selected one.</summary>
    internal C1zResolvedGrant? ResolveGrant(string grantId, string? syncId)
    {
        var grant = Query(GrantSelect, [("external_id", grantId)], ReadGrant, syncId: syncId).FirstOrDefault();
        if (grant is null)
        {
            return null;
        }

        var entitlement = FindEntitlement(grant.Entitlement.Id, syncId);
        var principal = FindResource(grant.Principal.Id.ResourceType, grant.Principal.Id.Resource, syncId);
        return new C1zResolvedGrant(grant, entitlement, principal);
    }

    /// <summary>
    /// The finished syncs of one type, newest first: the order in which the SDK picks its default sync (greatest
    /// ended_at, then sync id; times compare as text, as the SDK compares them).
    /// </summary>
    public IReadOnlyList<C1zSyncRun> FinishedSyncs(C1zSyncType syncType = C1zSyncType.Full) =>
        SyncRuns.Where(r => r.IsFinished && r.SyncType == syncType.Text())
            .OrderByDescending(r => r.EndedAt, StringComparer.Ordinal)
            .ThenByDescending(r => r.SyncId, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Grant ids of one sync in SQLite's text order (bytewise UTF-8), streamed from the (external_id, sync_id)
    /// index so that two syncs of any size can be merged without holding either in memory.
    /// </summary>
    internal IEnumerable<string> GrantIdsInOrder(string syncId)
    {
        var db = _db ?? throw new ObjectDisposedException(nameof(C1zReader));
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT external_id FROM v1_grants WHERE sync_id = $s ORDER BY external_id";
        cmd.Parameters.AddWithValue("$s", syncId);
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            yield return reader.GetString(0);
        }
    }

    public C1zStats Stats()
    {
        var byType = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (type, count) in Query("SELECT resource_type_id, COUNT(*) FROM v1_resources", [],
                     r => (r.GetString(0), r.GetInt64(1)), " GROUP BY resource_type_id"))
        {
            byType[type] = count;
        }

        // Types with no resources still get a row, as the baton CLI shows them.
        foreach (var rt in ResourceTypes())
        {
            byType.TryAdd(rt.Id, 0);
        }

        return new C1zStats(SelectedSync?.SyncId, Count(C1zSchema.ResourceTypes), Count(C1zSchema.Entitlements),
            Count(C1zSchema.Grants), byType);
    }

    public void Dispose()
    {
        if (_db is null)
        {
            return;
        }

        _db.Dispose();
        _db = null;
        WorkingDatabase.Delete(_dbPath);
    }

    private const string GrantSelect =
        "SELECT data, entitlement_id, resource_type_id, resource_id, principal_resource_type_id, principal_resource_id "
        + "FROM v1_grants";

    /// <summary>Slim grant blobs omit the entitlement and principal; rebuild their ids from the row's columns.</summary>
    private static Grant ReadGrant(SqliteDataReader r)
    {
        var grant = GrantParser.ParseFrom(Blob(r, 0));
        grant.Entitlement ??= new Entitlement
        {
            Id = r.GetString(1),
            Resource = new Resource { Id = new ResourceId { ResourceType = r.GetString(2), Resource = r.GetString(3) } },
        };
        grant.Principal ??= new Resource
        {
            Id = new ResourceId { ResourceType = r.GetString(4), Resource = r.GetString(5) },
        };
        return grant;
    }

    private long Count(string table) =>
        Query($"SELECT COUNT(*) FROM {table}", [], r => r.GetInt64(0)).Single();

    private List<T> Query<T>(string select, (string Column, string? Value)[] filters, Func<SqliteDataReader, T> map,
        string suffix = "", string? syncId = null)
    {
        var db = _db ?? throw new ObjectDisposedException(nameof(C1zReader));
        using var cmd = db.CreateCommand();
        var where = new List<string>();
        if ((syncId ?? SelectedSync?.SyncId) is { } sync)
        {
            where.Add("sync_id = $sync_id");
            cmd.Parameters.AddWithValue("$sync_id", sync);
        }

        foreach (var (column, value) in filters)
        {
            if (value is not null)
            {
                where.Add($"{column} = ${column}");
                cmd.Parameters.AddWithValue("$" + column, value);
            }
        }

        cmd.CommandText = select + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + suffix
            + (suffix.Length == 0 ? " ORDER BY id" : "");
        using var reader = cmd.ExecuteReader();
        var results = new List<T>();
        while (reader.Read())
        {
            results.Add(map(reader));
        }

        return results;
    }

    private static byte[] Blob(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? [] : (byte[])r[ordinal];

    private List<C1zSyncRun> LoadSyncRuns()
    {
        using var cmd = _db!.CreateCommand();
        cmd.CommandText =
            "SELECT sync_id, started_at, ended_at, sync_type, parent_sync_id, sync_token FROM v1_sync_runs ORDER BY id";
        using var r = cmd.ExecuteReader();
        var runs = new List<C1zSyncRun>();
        while (r.Read())
        {
            runs.Add(new C1zSyncRun(r.GetString(0), Text(r, 1), r.IsDBNull(2) ? null : Text(r, 2), r.GetString(3),
                r.GetString(4), r.IsDBNull(5) ? "" : r.GetString(5)));
        }

        return runs;
    }

    /// <summary>
    /// Mirrors the SDK's default: the latest finished full sync, else the latest unfinished one, else everything.
    /// Times compare as text, exactly as the SDK compares them.
    /// </summary>
    // A file whose only finished syncs are resources-only or partial (skips, --sync-resources) still opens on its
    // latest sync rather than on every row of the file.
    private C1zSyncRun? DefaultSync() =>
        FinishedSyncs().FirstOrDefault()
        ?? SyncRuns.Where(r => r.IsFinished)
            .OrderByDescending(r => r.EndedAt, StringComparer.Ordinal)
            .ThenByDescending(r => r.SyncId, StringComparer.Ordinal)
            .FirstOrDefault()
        ?? SyncRuns.Where(r => !r.IsFinished)
            .OrderByDescending(r => r.StartedAt, StringComparer.Ordinal)
            .ThenByDescending(r => r.SyncId, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>SQLite may hand datetime columns back as text or, for odd writers, as numbers.</summary>
    private static string Text(SqliteDataReader r, int ordinal) =>
        Convert.ToString(r.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
