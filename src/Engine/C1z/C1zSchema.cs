using Microsoft.Data.Sqlite;

namespace BatonClerk.Engine.C1z;

/// <summary>
/// The v1 schema as of baton-sdk v0.25. Readers create whatever is missing by name, so the table, column and index
/// names here must be byte-identical to the SDK's, including the two swapped index names on v1_resources.
/// </summary>
internal static class C1zSchema
{
    public const string ResourceTypes = "v1_resource_types";
    public const string Resources = "v1_resources";
    public const string Entitlements = "v1_entitlements";
    public const string SyncRuns = "v1_sync_runs";
    public const string Grants = "v1_grants";
    public const string Assets = "v1_assets";
    public const string ConnectorSessions = "v1_connector_sessions";

    /// <summary>Tables in the order the SDK creates them.</summary>
    public static readonly IReadOnlyList<TableSpec> Tables =
    [
        new(ResourceTypes,
        [
            new("external_id", "text not null"),
            new("data", "blob not null"),
            new("sync_id", "text not null"),
            new("discovered_at", "datetime not null"),
        ],
        [
            new("idx_resource_types_external_sync_v1", true, "(external_id, sync_id)", null),
        ]),
        new(Resources,
        [
            new("resource_type_id", "text not null"),
            new("external_id", "text not null"),
            new("parent_resource_type_id", "text"),
            new("parent_resource_id", "text"),
            new("data", "blob not null"),
            new("sync_id", "text not null"),
            new("discovered_at", "datetime not null"),
        ],
        [
            new("idx_resources_resource_type_id_v1", false, "(resource_type_id)", null),
            // The SDK's names are swapped relative to their columns; readers match by name, so keep the swap.
            new("idx_resources_external_sync_v1", false, "(parent_resource_type_id, parent_resource_id)", null),
            new("idx_resources_parent_resource_id_v1", true, "(external_id, sync_id)", null, BuiltAtEnd: true),
        ]),
        new(Entitlements,
        [
            new("resource_type_id", "text not null"),
            new("resource_id", "text not null"),
            new("external_id", "text not null"),
            new("data", "blob not null"),
            new("sync_id", "text not null"),
            new("discovered_at", "datetime not null"),
        ],
        [
            new("idx_entitlements_resource_id_v1", false, "(resource_type_id, resource_id)", null),
            new("idx_entitlements_external_sync_v1", true, "(external_id, sync_id)", null),
        ]),
        new(SyncRuns,
        [
            new("sync_id", "text not null"),
            new("started_at", "datetime not null"),
            new("ended_at", "datetime"),
            new("sync_token", "text not null"),
            new("sync_type", "text not null default 'full'"),
            new("parent_sync_id", "text not null default ''"),
            new("linked_sync_id", "text not null default ''"),
            new("supports_diff", "integer not null default 0"),
            new("grants_backfilled", "integer not null default 0"),
            new("stats", "text"),
            new("ingest_invariant_generation", "text not null default ''"),
            new("ingest_invariant_coverage", "text not null default ''"),
            new("ingest_invariant_mode", "text not null default ''"),
        ],
        [
            new("idx_sync_runs_sync_id_v1", true, "(sync_id)", null),
        ]),
        new(Grants,
        [
            new("resource_type_id", "text not null"),
            new("resource_id", "text not null"),
            new("entitlement_id", "text not null"),
            new("principal_resource_type_id", "text not null"),
            new("principal_resource_id", "text not null"),
            new("external_id", "text not null"),
            new("expansion", "blob"),
            new("needs_expansion", "integer not null default 0"),
            new("data", "blob not null"),
            new("sync_id", "text not null"),
            new("discovered_at", "datetime not null"),
        ],
        [
            new("idx_grants_resource_type_id_resource_id_v1", false, "(resource_type_id, resource_id)", null, BuiltAtEnd: true),
            new("idx_grants_principal_id_v1", false, "(principal_resource_type_id, principal_resource_id)", null, BuiltAtEnd: true),
            new("idx_grants_entitlement_id_principal_id_v1", false,
                "(entitlement_id, principal_resource_type_id, principal_resource_id)", null, BuiltAtEnd: true),
            new("idx_grants_external_sync_v1", true, "(external_id, sync_id)", null, BuiltAtEnd: true),
            new("idx_grants_entitlement_sync_grant_v1", false, "(entitlement_id, sync_id, id)", null, BuiltAtEnd: true),
            new("idx_grants_sync_expansion_v1", false, "(sync_id)", "expansion IS NOT NULL"),
            new("idx_grants_sync_needs_expansion_v1", false, "(sync_id)", "needs_expansion = 1"),
        ]),
        new(Assets,
        [
            new("external_id", "text not null"),
            new("content_type", "text not null"),
            new("data", "blob not null"),
            new("sync_id", "text not null"),
            new("discovered_at", "datetime not null"),
        ],
        [
            new("idx_assets_external_sync_v1", true, "(external_id, sync_id)", null),
        ]),
        new(ConnectorSessions,
        [
            new("sync_id", "text not null"),
            new("key", "text not null"),
            new("value", "blob not null"),
        ],
        [
            new("idx_session_store_sync_key_v1", true, "(sync_id, key)", null),
        ]),
    ];

    /// <summary>
    /// Creates the tables and every index except the grants' big secondary ones: the unique indexes (upserts need
    /// them), and indexes that cost little per row while loading but a full table scan each if built at the end (the
    /// resources', the entitlements', and the grants' two partial indexes, which no Clerk grant enters).
    /// </summary>
    public static void CreateTablesAndLoadIndexes(SqliteConnection db)
    {
        foreach (var table in Tables)
        {
            Execute(db, table.CreateSql());
            foreach (var index in table.Indexes.Where(i => !i.BuiltAtEnd))
            {
                Execute(db, index.CreateSql(table.Name));
            }
        }
    }

    /// <summary>
    /// The indexes the load leaves out, in the order they are built: the grants' first (when the sync builds them
    /// while it waits on the rate limit, every grant is usually stored and only users still come), the resources'
    /// unique one last.
    /// </summary>
    public static IReadOnlyList<(string Table, IndexSpec Index)> DeferredIndexes { get; } =
    [
        .. Tables.OrderBy(t => t.Name == Resources ? 1 : 0)
            .SelectMany(t => t.Indexes.Where(i => i.BuiltAtEnd).Select(i => (t.Name, i))),
    ];

    /// <summary>
    /// Builds every index the load left out: one sorted build each is much cheaper than keeping them up row by row
    /// in random key order (each is IF NOT EXISTS, so a finished build is kept).
    /// </summary>
    public static void CreateDeferredIndexes(SqliteConnection db, Action<string> foldRepeats)
    {
        foreach (var (table, index) in DeferredIndexes)
        {
            CreateDeferredIndex(db, table, index, foldRepeats);
        }
    }

    /// <summary>
    /// Builds one index the load left out. A unique one that fails on a repeated key calls
    /// <paramref name="foldRepeats"/> with the table and is built again: building it is the cheapest exact test for
    /// repeats, and they are rare. Needs a journal, so the failed statement is rolled back.
    /// </summary>
    public static void CreateDeferredIndex(SqliteConnection db, string table, IndexSpec index, Action<string> foldRepeats)
    {
        try
        {
            Execute(db, index.CreateSql(table));
        }
        catch (SqliteException e) when (index.IsUnique && e.SqliteErrorCode == 19)
        {
            foldRepeats(table);
            Execute(db, index.CreateSql(table));
        }
    }

    /// <summary>The unique (external_id, sync_id) index of a table whose load defers it, or null.</summary>
    public static string? DeferredUniqueIndex(string table) =>
        Tables.Single(t => t.Name == table).Indexes.SingleOrDefault(i => i.IsUnique && i.BuiltAtEnd)?.Name;

    public static bool IndexExists(SqliteConnection db, string name)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Brings an older file up to this schema the way SDK readers do: add what is missing, by name.</summary>
    public static void Migrate(SqliteConnection db)
    {
        foreach (var table in Tables)
        {
            Execute(db, table.CreateSql());
            var existing = ColumnNames(db, table.Name);
            foreach (var column in table.Columns.Where(c => !existing.Contains(c.Name)))
            {
                Execute(db, $"ALTER TABLE {table.Name} ADD COLUMN {column.Name} {column.Definition}");
            }

            foreach (var index in table.Indexes)
            {
                Execute(db, index.CreateSql(table.Name));
            }
        }
    }

    private static HashSet<string> ColumnNames(SqliteConnection db, string table)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = cmd.ExecuteReader();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    internal sealed record ColumnSpec(string Name, string Definition);

    /// <param name="BuiltAtEnd">Built once by <see cref="CreateDeferredIndexes"/> after the load rather than kept up while loading.</param>
    internal sealed record IndexSpec(string Name, bool IsUnique, string Columns, string? Where, bool BuiltAtEnd = false)
    {
        public string CreateSql(string table) =>
            $"CREATE {(IsUnique ? "UNIQUE " : "")}INDEX IF NOT EXISTS {Name} ON {table} {Columns}"
            + (Where is null ? "" : $" WHERE {Where}");
    }

    internal sealed record TableSpec(string Name, IReadOnlyList<ColumnSpec> Columns, IReadOnlyList<IndexSpec> Indexes)
    {
        public string CreateSql() =>
            $"CREATE TABLE IF NOT EXISTS {Name} (\n    id integer primary key,\n    "
            + string.Join(",\n    ", Columns.Select(c => $"{c.Name} {c.Definition}"))
            + "\n)";
    }
}
