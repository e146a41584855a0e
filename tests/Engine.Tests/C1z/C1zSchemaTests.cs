using BatonClerk.Engine.C1z;
using Microsoft.Data.Sqlite;

namespace BatonClerk.Engine.Tests.C1z;

/// <summary>The produced schema must be the SDK's v0.25 schema, name for name (reference §2).</summary>
public sealed class C1zSchemaTests : IDisposable
{
    // (table, column, type, not null, default) in declaration order, from the reference; id is the rowid alias.
    private static readonly (string Table, string Column, string Type, bool NotNull, string? Default)[] ExpectedColumns =
    [
        ("v1_assets", "id", "integer", false, null),
        ("v1_assets", "external_id", "text", true, null),
        ("v1_assets", "content_type", "text", true, null),
        ("v1_assets", "data", "blob", true, null),
        ("v1_assets", "sync_id", "text", true, null),
        ("v1_assets", "discovered_at", "datetime", true, null),
        ("v1_connector_sessions", "id", "integer", false, null),
        ("v1_connector_sessions", "sync_id", "text", true, null),
        ("v1_connector_sessions", "key", "text", true, null),
        ("v1_connector_sessions", "value", "blob", true, null),
        ("v1_entitlements", "id", "integer", false, null),
        ("v1_entitlements", "resource_type_id", "text", true, null),
        ("v1_entitlements", "resource_id", "text", true, null),
        ("v1_entitlements", "external_id", "text", true, null),
        ("v1_entitlements", "data", "blob", true, null),
        ("v1_entitlements", "sync_id", "text", true, null),
        ("v1_entitlements", "discovered_at", "datetime", true, null),
        ("v1_grants", "id", "integer", false, null),
        ("v1_grants", "resource_type_id", "text", true, null),
        ("v1_grants", "resource_id", "text", true, null),
        ("v1_grants", "entitlement_id", "text", true, null),
        ("v1_grants", "principal_resource_type_id", "text", true, null),
        ("v1_grants", "principal_resource_id", "text", true, null),
        ("v1_grants", "external_id", "text", true, null),
        ("v1_grants", "expansion", "blob", false, null),
        ("v1_grants", "needs_expansion", "integer", true, "0"),
        ("v1_grants", "data", "blob", true, null),
        ("v1_grants", "sync_id", "text", true, null),
        ("v1_grants", "discovered_at", "datetime", true, null),
        ("v1_resource_types", "id", "integer", false, null),
        ("v1_resource_types", "external_id", "text", true, null),
        ("v1_resource_types", "data", "blob", true, null),
        ("v1_resource_types", "sync_id", "text", true, null),
        ("v1_resource_types", "discovered_at", "datetime", true, null),
        ("v1_resources", "id", "integer", false, null),
        ("v1_resources", "resource_type_id", "text", true, null),
        ("v1_resources", "external_id", "text", true, null),
        ("v1_resources", "parent_resource_type_id", "text", false, null),
        ("v1_resources", "parent_resource_id", "text", false, null),
        ("v1_resources", "data", "blob", true, null),
        ("v1_resources", "sync_id", "text", true, null),
        ("v1_resources", "discovered_at", "datetime", true, null),
        ("v1_sync_runs", "id", "integer", false, null),
        ("v1_sync_runs", "sync_id", "text", true, null),
        ("v1_sync_runs", "started_at", "datetime", true, null),
        ("v1_sync_runs", "ended_at", "datetime", false, null),
        ("v1_sync_runs", "sync_token", "text", true, null),
        ("v1_sync_runs", "sync_type", "text", true, "'full'"),
        ("v1_sync_runs", "parent_sync_id", "text", true, "''"),
        ("v1_sync_runs", "linked_sync_id", "text", true, "''"),
        ("v1_sync_runs", "supports_diff", "integer", true, "0"),
        ("v1_sync_runs", "grants_backfilled", "integer", true, "0"),
        ("v1_sync_runs", "stats", "text", false, null),
        ("v1_sync_runs", "ingest_invariant_generation", "text", true, "''"),
        ("v1_sync_runs", "ingest_invariant_coverage", "text", true, "''"),
        ("v1_sync_runs", "ingest_invariant_mode", "text", true, "''"),
    ];

    // (index, table, columns, unique, partial), including the two swapped names on v1_resources.
    private static readonly (string Name, string Table, string Columns, bool Unique, bool Partial)[] ExpectedIndexes =
    [
        ("idx_assets_external_sync_v1", "v1_assets", "external_id,sync_id", true, false),
        ("idx_entitlements_external_sync_v1", "v1_entitlements", "external_id,sync_id", true, false),
        ("idx_entitlements_resource_id_v1", "v1_entitlements", "resource_type_id,resource_id", false, false),
        ("idx_grants_entitlement_id_principal_id_v1", "v1_grants",
            "entitlement_id,principal_resource_type_id,principal_resource_id", false, false),
        ("idx_grants_entitlement_sync_grant_v1", "v1_grants", "entitlement_id,sync_id,id", false, false),
        ("idx_grants_external_sync_v1", "v1_grants", "external_id,sync_id", true, false),
        ("idx_grants_principal_id_v1", "v1_grants", "principal_resource_type_id,principal_resource_id", false, false),
        ("idx_grants_resource_type_id_resource_id_v1", "v1_grants", "resource_type_id,resource_id", false, false),
        ("idx_grants_sync_expansion_v1", "v1_grants", "sync_id", false, true),
        ("idx_grants_sync_needs_expansion_v1", "v1_grants", "sync_id", false, true),
        ("idx_resource_types_external_sync_v1", "v1_resource_types", "external_id,sync_id", true, false),
        ("idx_resources_external_sync_v1", "v1_resources", "parent_resource_type_id,parent_resource_id", false, false),
        ("idx_resources_parent_resource_id_v1", "v1_resources", "external_id,sync_id", true, false),
        ("idx_resources_resource_type_id_v1", "v1_resources", "resource_type_id", false, false),
        ("idx_session_store_sync_key_v1", "v1_connector_sessions", "sync_id,key", true, false),
        ("idx_sync_runs_sync_id_v1", "v1_sync_runs", "sync_id", true, false),
    ];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private SqliteConnection OpenProducedDatabase()
    {
        var path = _dir.File("schema.c1z");
        using (var writer = C1zWriter.Create(path))
        {
            writer.PutResourceTypes([SampleData.UserType()]);
            writer.Complete();
        }

        var db = new SqliteConnection($"Data Source={C1zTestFiles.Decode(path, _dir)};Mode=ReadOnly;Pooling=False");
        db.Open();
        return db;
    }

    [Fact]
    public void Complete_Tables_MatchReferenceColumns()
    {
        using var db = OpenProducedDatabase();

        var actual = Query(db,
            "SELECT m.name, c.name, lower(c.type), c.\"notnull\", c.dflt_value FROM sqlite_master m "
            + "JOIN pragma_table_info(m.name) c WHERE m.type = 'table' ORDER BY m.name, c.cid",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3) == 1,
                r.IsDBNull(4) ? null : r.GetString(4)));

        Assert.Equal(ExpectedColumns, actual);
    }

    [Fact]
    public void Complete_Indexes_MatchReferenceNamesColumnsAndPartials()
    {
        using var db = OpenProducedDatabase();

        var actual = Query(db,
            "SELECT l.name, m.name, (SELECT group_concat(name, ',') FROM "
            + "(SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)), l.\"unique\", l.partial "
            + "FROM sqlite_master m JOIN pragma_index_list(m.name) l WHERE m.type = 'table' ORDER BY l.name",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3) == 1, r.GetInt64(4) == 1));

        Assert.Equal(ExpectedIndexes, actual);
    }

    [Fact]
    public void Complete_PartialIndexes_FilterOnExpansionColumns()
    {
        using var db = OpenProducedDatabase();

        var sql = Query(db, "SELECT name, sql FROM sqlite_master WHERE name LIKE 'idx_grants_sync_%' ORDER BY name",
            r => (r.GetString(0), r.GetString(1)));

        Assert.EndsWith("WHERE expansion IS NOT NULL", sql[0].Item2);
        Assert.EndsWith("WHERE needs_expansion = 1", sql[1].Item2);
    }

    [Fact]
    public void Complete_SyncRunRow_HasReferenceValues()
    {
        using var db = OpenProducedDatabase();

        var row = Query(db,
            "SELECT sync_type, ended_at IS NOT NULL, supports_diff, grants_backfilled, stats IS NOT NULL, sync_token, "
            + "parent_sync_id, linked_sync_id, ingest_invariant_mode FROM v1_sync_runs",
            r => (r.GetString(0), r.GetBoolean(1), r.GetInt64(2), r.GetInt64(3), r.GetBoolean(4), r.GetString(5),
                r.GetString(6), r.GetString(7), r.GetString(8)));

        Assert.Equal([("full", true, 1L, 1L, true, "", "", "", "")], row);
    }

    [Fact]
    public void Complete_Database_PassesIntegrityCheckWithoutWal()
    {
        using var db = OpenProducedDatabase();

        var mode = Query(db, "PRAGMA journal_mode", r => r.GetString(0)).Single();
        var integrity = Query(db, "PRAGMA integrity_check", r => r.GetString(0));

        Assert.NotEqual("wal", mode, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(["ok"], integrity);
    }

    private static List<T> Query<T>(SqliteConnection db, string sql, Func<SqliteDataReader, T> map)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
