using System.Text;
using Google.Protobuf;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BatonClerk.Engine.C1z;

/// <summary>
/// One prepared "insert, or replace on (external_id, sync_id)" statement, bound through the raw SQLite API.
/// Rows are the writer's hot path: strings and protobuf bytes are encoded into one reused buffer and copied by
/// SQLite, so a row costs no per-parameter objects or byte arrays. While the table's unique index is deferred to
/// the end of the sync (<see cref="Inserts"/>) it is a plain insert: the writer folds repeats when it builds the
/// index.
/// </summary>
internal sealed class UpsertStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _buffer = new byte[4096];

    public UpsertStatement(SqliteConnection connection, string table, params string[] columns)
        : this(connection, table, deferredKey: false, columns)
    {
    }

    /// <param name="deferredKey">True when the table has no unique index yet: a plain insert.</param>
    public UpsertStatement(SqliteConnection connection, string table, bool deferredKey, params string[] columns)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var sql =
            $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(_ => "?"))})";
        Inserts = deferredKey;
        if (!deferredKey)
        {
            var updates = columns.Where(c => c is not ("external_id" or "sync_id")).Select(c => $"{c} = excluded.{c}");
            sql += $" ON CONFLICT (external_id, sync_id) DO UPDATE SET {string.Join(", ", updates)}";
        }

        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_db, sql, out _statement), _db);
    }

    /// <summary>True for a plain insert (the table's unique index is deferred); false for an upsert.</summary>
    public bool Inserts { get; }

    /// <summary>Binds 0-based parameter <paramref name="ordinal"/>; null becomes SQL NULL.</summary>
    public void BindText(int ordinal, string? value)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(_statement, ordinal + 1));
            return;
        }

        var length = Encode(value, 0);
        Check(raw.sqlite3_bind_text(_statement, ordinal + 1, _buffer.AsSpan(0, length)));
    }

    /// <summary>Binds "first:second" without building the joined string.</summary>
    public void BindJoined(int ordinal, string first, string second)
    {
        var length = Encode(first, 0);
        EnsureCapacity(length + 1);
        _buffer[length++] = (byte)':';
        length = Encode(second, length);
        Check(raw.sqlite3_bind_text(_statement, ordinal + 1, _buffer.AsSpan(0, length)));
    }

    public void BindMessage(int ordinal, IMessage message)
    {
        var size = message.CalculateSize();
        EnsureCapacity(size);
        var span = _buffer.AsSpan(0, size);
        message.WriteTo(span);
        Check(raw.sqlite3_bind_blob(_statement, ordinal + 1, span));
    }

    /// <summary>Binds a pre-encoded UTF-8 field of <paramref name="rows"/> as text (SQLite copies it); a null field is SQL NULL.</summary>
    public void BindText(int ordinal, C1zRows rows, int span) => Check(rows.TryGet(span, out var value)
        ? raw.sqlite3_bind_text(_statement, ordinal + 1, value)
        : raw.sqlite3_bind_null(_statement, ordinal + 1));

    /// <summary>Binds a pre-encoded message of <paramref name="rows"/> as a blob (SQLite copies it).</summary>
    public void BindBlob(int ordinal, C1zRows rows, int span) => Check(rows.TryGet(span, out var value)
        ? raw.sqlite3_bind_blob(_statement, ordinal + 1, value)
        : raw.sqlite3_bind_null(_statement, ordinal + 1));

    public void BindNull(int ordinal) => Check(raw.sqlite3_bind_null(_statement, ordinal + 1));

    public void BindInt64(int ordinal, long value) => Check(raw.sqlite3_bind_int64(_statement, ordinal + 1, value));

    public void Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    public void Dispose() => _statement.Dispose();

    private int Encode(string value, int offset)
    {
        EnsureCapacity(offset + Encoding.UTF8.GetMaxByteCount(value.Length));
        return offset + Encoding.UTF8.GetBytes(value, _buffer.AsSpan(offset));
    }

    private void EnsureCapacity(int size)
    {
        if (_buffer.Length < size)
        {
            Array.Resize(ref _buffer, Math.Max(size, _buffer.Length * 2));
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
