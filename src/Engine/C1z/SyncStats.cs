using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace BatonClerk.Engine.C1z;

/// <summary>
/// The row counts of a working file's one sync and their v1_sync_runs.stats JSON. The SDK stores
/// c1.reader.v2.SyncStats marshalled with Go's encoding/json, so the shape follows the generated struct: snake_case
/// keys in field order, zero numbers and empty maps left out, map keys sorted. Its readers trust the cached stats
/// when resource_types is above zero and recompute them otherwise.
/// </summary>
internal sealed class SyncStats
{
    private readonly IReadOnlyList<string> _typeIds;

    private SyncStats(IReadOnlyList<string> typeIds, SortedDictionary<string, long> resources,
        SortedDictionary<string, long> entitlements, SortedDictionary<string, long> grants, long assets)
    {
        _typeIds = typeIds;
        ResourceTypes = typeIds.Count;
        ResourcesByType = resources;
        EntitlementsByType = entitlements;
        GrantsByType = grants;
        Assets = assets;
    }

    public long ResourceTypes { get; }

    public SortedDictionary<string, long> ResourcesByType { get; }

    public SortedDictionary<string, long> EntitlementsByType { get; }

    public SortedDictionary<string, long> GrantsByType { get; }

    public long Assets { get; }

    /// <summary>The newest row id per table: the new sync's rows are those up to it, whatever is added later.</summary>
    public static Dictionary<string, long> LastRowIds(SqliteConnection db, SqliteTransaction tx) =>
        C1zSchema.Tables.ToDictionary(t => t.Name, t => Scalar(db, tx, $"SELECT COALESCE(MAX(id), 0) FROM {t.Name}"));

    /// <summary>
    /// Counts the rows up to <paramref name="lastRowIds"/>, which are the new sync's: carried-over rows are appended
    /// after them. The grouped counts read the resource_type_id indexes (which hold the row id), never the data
    /// pages, so they need the secondary indexes to exist.
    /// </summary>
    public static SyncStats Count(SqliteConnection db, SqliteTransaction tx, IReadOnlyDictionary<string, long> lastRowIds)
    {
        var types = new List<string>();
        using (var cmd = Command(db, tx, $"SELECT external_id FROM {C1zSchema.ResourceTypes} WHERE id <= $last ORDER BY id"))
        {
            cmd.Parameters.AddWithValue("$last", lastRowIds[C1zSchema.ResourceTypes]);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                types.Add(r.GetString(0));
            }
        }

        return new SyncStats(types,
            ByType(db, tx, C1zSchema.Resources, "idx_resources_resource_type_id_v1", lastRowIds),
            ByType(db, tx, C1zSchema.Entitlements, "idx_entitlements_resource_id_v1", lastRowIds),
            ByType(db, tx, C1zSchema.Grants, "idx_grants_resource_type_id_resource_id_v1", lastRowIds),
            Scalar(db, tx, $"SELECT COUNT(*) FROM {C1zSchema.Assets} WHERE id <= {lastRowIds[C1zSchema.Assets]}"));
    }

    public string Json(C1zCompletion completion)
    {
        // Like the SDK: every declared type appears (zero included), rows of undeclared types are not counted.
        var resources = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var type in _typeIds)
        {
            resources[type] = ResourcesByType.GetValueOrDefault(type);
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            Number(json, "resource_types", ResourceTypes);
            Number(json, "resources", resources.Values.Sum());
            var withGrants = completion.SyncType != C1zSyncType.ResourcesOnly;
            if (withGrants)
            {
                Number(json, "entitlements", EntitlementsByType.Values.Sum());
                Number(json, "grants", GrantsByType.Values.Sum());
            }

            Map(json, "resources_by_resource_type", resources);
            if (withGrants)
            {
                Map(json, "grants_by_resource_type", GrantsByType);
                Map(json, "entitlements_by_resource_type", EntitlementsByType);
            }

            Number(json, "assets", Assets);
            Map(json, "step_durations_ms", completion.StepDurationsMs);
            if (completion.ConnectorCallStats.Count > 0)
            {
                json.WriteStartObject("connector_call_stats");
                foreach (var (name, stat) in completion.ConnectorCallStats.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    json.WriteStartObject(name);
                    Number(json, "count", stat.Count);
                    Number(json, "total_ms", stat.TotalMs);
                    Number(json, "max_ms", stat.MaxMs);
                    Number(json, "errors", stat.Errors);
                    Number(json, "timeouts", stat.Timeouts);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Number(Utf8JsonWriter json, string name, long value)
    {
        if (value != 0)
        {
            json.WriteNumber(name, value);
        }
    }

    private static void Map(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, long>> entries)
    {
        var sorted = entries.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        if (sorted.Count == 0)
        {
            return;
        }

        json.WriteStartObject(name);
        foreach (var (key, value) in sorted)
        {
            json.WriteNumber(key, value);
        }

        json.WriteEndObject();
    }

    private static SortedDictionary<string, long> ByType(SqliteConnection db, SqliteTransaction tx, string table,
        string index, IReadOnlyDictionary<string, long> lastRowIds)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        // INDEXED BY: a row-id range would otherwise tempt the planner into a scan of the table itself.
        using var cmd = Command(db, tx,
            $"SELECT resource_type_id, COUNT(*) FROM {table} INDEXED BY {index} WHERE id <= $last GROUP BY resource_type_id");
        cmd.Parameters.AddWithValue("$last", lastRowIds[table]);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            counts[r.GetString(0)] = r.GetInt64(1);
        }

        return counts;
    }

    private static long Scalar(SqliteConnection db, SqliteTransaction tx, string sql)
    {
        using var cmd = Command(db, tx, sql);
        return (long)cmd.ExecuteScalar()!;
    }

    private static SqliteCommand Command(SqliteConnection db, SqliteTransaction tx, string sql)
    {
        var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }
}
