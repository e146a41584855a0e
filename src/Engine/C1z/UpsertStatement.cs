using Microsoft.Data.Sqlite;

namespace BatonClerk.Engine.C1z;

/// <summary>
/// One prepared "insert or replace on (external_id, sync_id)" statement, reused for every row so SQLite parses
/// the SQL once per writer rather than once per row.
/// </summary>
internal sealed class UpsertStatement : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    public UpsertStatement(SqliteConnection db, string table, params string[] columns)
    {
        var updates = columns.Where(c => c is not ("external_id" or "sync_id")).Select(c => $"{c} = excluded.{c}");
        _command = db.CreateCommand();
        _command.CommandText =
            $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))}) "
            + $"ON CONFLICT (external_id, sync_id) DO UPDATE SET {string.Join(", ", updates)}";
        _parameters = columns.Select(c => _command.Parameters.Add(new SqliteParameter("$" + c, DBNull.Value))).ToArray();
    }

    public void Bind(int ordinal, object? value) => _parameters[ordinal].Value = value ?? DBNull.Value;

    public void Execute(SqliteTransaction transaction)
    {
        if (!ReferenceEquals(_command.Transaction, transaction))
        {
            _command.Transaction = transaction;
        }

        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
