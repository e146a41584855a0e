using BatonClerk.Engine.Baton;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Diagnostics;
using Microsoft.Data.Sqlite;

namespace BatonClerk.Engine.C1z;

/// <summary>
/// Writes one full sync into a v1 c1z. Rows go into a private working SQLite file; <see cref="Complete"/> packs it
/// beside the target and renames it into place, so the target is either the old file or the complete new one.
/// </summary>
internal sealed class C1zWriter : IDisposable
{
    private readonly string _targetPath;
    private readonly string _workingDbPath;
    private readonly C1zWriterOptions _options;
    private readonly TimeProvider _time;
    private SqliteConnection? _db;
    private readonly UpsertStatement _resourceTypes;
    private UpsertStatement _resources;
    private readonly UpsertStatement _entitlements;
    private UpsertStatement _grants;
    private bool _resumedRepeatsFolded;
    private string? _tempPath;
    private bool _finished;
    private SqliteTransaction? _open;
    private int _openRows;
    private long _openedAt;

    private C1zWriter(string targetPath, string workingDbPath, SqliteConnection db, C1zWriterOptions options,
        TimeProvider time, string? resumedSyncId = null)
    {
        _targetPath = targetPath;
        _workingDbPath = workingDbPath;
        _options = options;
        _time = time;
        _db = db;
        C1zSchema.CreateTablesAndLoadIndexes(_db);
        if (resumedSyncId is null)
        {
            SyncId = Ksuid.New(time);
            InsertSyncRun(_db);
            if (options.ResumeFingerprint is { } key)
            {
                ResumeState.Create(_db, key);
            }
        }
        else
        {
            SyncId = resumedSyncId;
            Resumed = true;
        }

        _resourceTypes = new UpsertStatement(_db, C1zSchema.ResourceTypes,
            "external_id", "data", "sync_id", "discovered_at");
        _resources = new UpsertStatement(_db, C1zSchema.Resources, Deferred(_db, C1zSchema.Resources), ResourceColumns);
        _entitlements = new UpsertStatement(_db, C1zSchema.Entitlements,
            "resource_type_id", "resource_id", "external_id", "data", "sync_id", "discovered_at");
        _grants = new UpsertStatement(_db, C1zSchema.Grants, Deferred(_db, C1zSchema.Grants), GrantColumns);
    }

    private static readonly string[] ResourceColumns =
        ["resource_type_id", "external_id", "parent_resource_type_id", "parent_resource_id", "data", "sync_id", "discovered_at"];

    private static readonly string[] GrantColumns =
    [
        "resource_type_id", "resource_id", "entitlement_id", "principal_resource_type_id", "principal_resource_id",
        "external_id", "expansion", "needs_expansion", "data", "sync_id", "discovered_at",
    ];

    public string SyncId { get; }

    // The big tables load without their unique index (a B-tree insert at a random place per row, which on a sync
    // larger than the page cache read and wrote a page per row); a file that already has it keeps upserting.
    private static bool Deferred(SqliteConnection db, string table) =>
        C1zSchema.DeferredUniqueIndex(table) is { } index && !C1zSchema.IndexExists(db, index);

    /// <summary>Helper threads for the sorts of the index build at completion (nothing else runs then).</summary>
    internal static int IndexSortThreads { get; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>
    /// The page cache while the deferred indexes are built. SQLite sizes each in-memory run of its sorter by the cache;
    /// runs of 8 MiB sort in the processor's caches where 32 MiB runs do not: the grants' index builds took a quarter
    /// less time (250k users, measured with the SQLite shell and in the benchmark). The build reads the table once in
    /// order and writes each index bottom-up, so it needs no bigger cache.
    /// </summary>
    internal const int IndexSortCacheKiB = 8 * 1024;

    /// <summary>True when an unfinished sync of the same key was reopened rather than started anew.</summary>
    public bool Resumed { get; }

    /// <summary>The resume state saved so far (empty for a new or non-resumable sync).</summary>
    public IReadOnlyDictionary<string, string> LoadState()
    {
        if (_options.ResumeFingerprint is null)
        {
            return new Dictionary<string, string>();
        }

        Commit();
        return ResumeState.Load(ActiveDatabase());
    }

    /// <summary>Saves resume state entries in one transaction; a no-op when the sync is not resumable.</summary>
    public void SaveState(IReadOnlyCollection<KeyValuePair<string, string>> entries)
    {
        if (_options.ResumeFingerprint is not null && entries.Count > 0)
        {
            var db = ActiveDatabase();
            ResumeState.Save(db, Writing(db), entries);
            Written(entries.Count);
        }
    }

    /// <summary>
    /// Commits what was written since the last commit. Writes share one transaction until it holds
    /// <see cref="C1zWriterOptions.CommitRows"/> rows or has been open <see cref="C1zWriterOptions.CommitInterval"/>:
    /// a commit per page wrote every page the page touched (table, indexes, journal) once per page, which was most
    /// of the store thread's time (docs/perf-issue15.md, round 4). The order of writes is kept, so a run
    /// killed in between leaves a prefix of them, which is all a resumed run needs: the pages after it are fetched
    /// again.
    /// </summary>
    public void Commit()
    {
        if (_open is null)
        {
            return;
        }

        var tx = _open;
        _open = null;
        _openRows = 0;
        try
        {
            tx.Commit();
        }
        catch (SqliteException e)
        {
            throw WriteFailed(e);
        }
        finally
        {
            tx.Dispose();
        }
    }

    private SqliteTransaction Writing(SqliteConnection db)
    {
        if (_open is null)
        {
            _open = db.BeginTransaction(deferred: true);
            _openedAt = _time.GetTimestamp();
        }

        return _open;
    }

    private void Written(int rows)
    {
        _openRows += rows;
        if (_openRows >= _options.CommitRows || _time.GetElapsedTime(_openedAt) >= _options.CommitInterval)
        {
            Commit();
        }
    }

    public static C1zWriter Create(string targetPath, C1zWriterOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetPath);
        options ??= new C1zWriterOptions();
        options.Validate();
        var fullTarget = Path.GetFullPath(targetPath);
        var targetDir = Path.GetDirectoryName(fullTarget)!;
        if (!Directory.Exists(targetDir))
        {
            throw new C1zException(C1zErrorKind.Io, $"output directory '{targetDir}' does not exist");
        }

        var workDir = options.WorkingDirectory is null ? targetDir : Path.GetFullPath(options.WorkingDirectory);
        var name = Path.GetFileName(fullTarget);
        var resumable = options.ResumeFingerprint is not null;
        var workingDb = resumable ? WorkingPaths.Resumable(fullTarget, options.WorkingDirectory) : Path.Combine(workDir, $".{name}.{Guid.NewGuid():N}.sqlite");
        var clock = time ?? TimeProvider.System;
        if (resumable)
        {
            // Leftovers of runs that died before they could clean up: never resumable, always safe to remove.
            StaleFiles.Remove(targetDir, name);
            StaleFiles.Remove(workDir, name);
        }

        SqliteConnection? db = null;
        try
        {
            var sideFile = SideFile(workingDb);
            if (resumable && File.Exists(workingDb))
            {
                db = WorkingDatabase.Open(workingDb, options.CacheSizeMiB, null, journaled: true);
                if (!ResumeState.Exists(db) && File.Exists(sideFile))
                {
                    // Killed after the bookkeeping left the working file for packing: take it back.
                    ResumeState.Import(db, sideFile);
                }

                var syncId = ResumeState.ResumableSyncId(db, options.ResumeFingerprint!, C1zTimestamp.Format(clock.GetLocalNow().DateTime - options.MaxResumeAge));
                if (syncId is not null)
                {
                    ResumeState.Reopen(db);
                    return new C1zWriter(fullTarget, workingDb, db, options, clock, syncId);
                }

                db.Dispose();
                db = null;
                WorkingDatabase.Delete(workingDb);
            }

            if (resumable)
            {
                TryDelete(sideFile);
            }

            db = WorkingDatabase.Open(workingDb, options.CacheSizeMiB, options.PageSize, journaled: resumable);
            return new C1zWriter(fullTarget, workingDb, db, options, clock);
        }
        catch (SqliteException e)
        {
            db?.Dispose();
            WorkingDatabase.Delete(workingDb);
            throw new C1zException(C1zErrorKind.Io, $"cannot create working database '{workingDb}': {e.Message}", e);
        }
    }

    public void PutResourceTypes(IReadOnlyCollection<ResourceType> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Batch(items, _resourceTypes, static rt => Require(rt.Id, "resource type id"), static (s, rt, ts, syncId) =>
        {
            s.BindText(0, rt.Id);
            s.BindMessage(1, rt);
            s.BindText(2, syncId);
            s.BindText(3, ts);
        });
    }

    public void PutResources(IReadOnlyCollection<Resource> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Batch(items, _resources, static r => RequireId(r.Id, "resource id"), static (s, r, ts, syncId) =>
        {
            var id = r.Id;
            var parent = r.ParentResourceId;
            s.BindText(0, id.ResourceType);
            // Same form as BatonIds.ResourceRow, joined in place to avoid a string per row.
            s.BindJoined(1, id.ResourceType, id.Resource);
            s.BindText(2, parent?.ResourceType);
            s.BindText(3, parent?.Resource);
            s.BindMessage(4, r);
            s.BindText(5, syncId);
            s.BindText(6, ts);
        });
    }

    public void PutEntitlements(IReadOnlyCollection<Entitlement> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Batch(items, _entitlements, ValidateEntitlement, static (s, e, ts, syncId) =>
        {
            var resource = e.Resource.Id;
            s.BindText(0, resource.ResourceType);
            s.BindText(1, resource.Resource);
            s.BindText(2, e.Id);
            s.BindMessage(3, e);
            s.BindText(4, syncId);
            s.BindText(5, ts);
        });
    }

    public void PutGrants(IReadOnlyCollection<Grant> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Batch(items, _grants, ValidateGrant, static (s, g, ts, syncId) =>
        {
            var resource = g.Entitlement.Resource.Id;
            var principal = g.Principal.Id;
            s.BindText(0, resource.ResourceType);
            s.BindText(1, resource.Resource);
            s.BindText(2, g.Entitlement.Id);
            s.BindText(3, principal.ResourceType);
            s.BindText(4, principal.Resource);
            s.BindText(5, g.Id);
            // Clerk grants never expand, so the SDK's expansion split does not apply: NULL and 0.
            s.BindNull(6);
            s.BindInt64(7, 0);
            s.BindMessage(8, g);
            s.BindText(9, syncId);
            s.BindText(10, ts);
        });
    }

    /// <summary>
    /// Writes a page encoded off this thread (<see cref="C1zRows"/>): the same rows, columns and upserts as
    /// <see cref="PutResources"/>, <see cref="PutEntitlements"/> and <see cref="PutGrants"/>, in one transaction.
    /// </summary>
    public void PutRows(C1zRows rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var db = ActiveDatabase();
        if (rows.Count == 0)
        {
            return;
        }

        var discoveredAt = C1zTimestamp.Now(_time);
        try
        {
            Writing(db);
            var span = 0;
            for (var i = 0; i < rows.Resources; i++)
            {
                BindSpans(_resources, rows, ref span, C1zRows.ResourceFields);
                _resources.BindText(5, SyncId);
                _resources.BindText(6, discoveredAt);
                _resources.Execute();
            }

            for (var i = 0; i < rows.Entitlements; i++)
            {
                BindSpans(_entitlements, rows, ref span, C1zRows.EntitlementFields);
                _entitlements.BindText(4, SyncId);
                _entitlements.BindText(5, discoveredAt);
                _entitlements.Execute();
            }

            for (var i = 0; i < rows.Grants; i++)
            {
                // Text columns 0-5, then expansion NULL and needs_expansion 0 (Clerk grants never expand), then data.
                for (var f = 0; f < C1zRows.GrantFields - 1; f++, span++)
                {
                    _grants.BindText(f, rows, span);
                }

                _grants.BindNull(6);
                _grants.BindInt64(7, 0);
                _grants.BindBlob(8, rows, span++);
                _grants.BindText(9, SyncId);
                _grants.BindText(10, discoveredAt);
                _grants.Execute();
            }
        }
        catch (SqliteException e)
        {
            throw WriteFailed(e);
        }

        Written(rows.Count);
    }

    // The first fields - 1 are text, the last is the message blob.
    private static void BindSpans(UpsertStatement statement, C1zRows rows, ref int span, int fields)
    {
        for (var f = 0; f < fields - 1; f++, span++)
        {
            statement.BindText(f, rows, span);
        }

        statement.BindBlob(fields - 1, rows, span++);
    }

    /// <summary>
    /// Builds every index the load deferred now rather than in <see cref="Complete"/> (<see cref="BuildNextDeferredIndex"/>
    /// until none is left). Returns whether it built any.
    /// </summary>
    public bool BuildDeferredIndexes()
    {
        var built = false;
        while (BuildNextDeferredIndex().Built)
        {
            built = true;
        }

        return built;
    }

    /// <summary>
    /// Builds the next index the load deferred now rather than in <see cref="Complete"/>: called while the sync waits
    /// on Clerk's rate limit with little left to fetch, it moves the index build out of the time after the last
    /// response into time the sync spends waiting anyway. One index per call, so pages that arrive meanwhile wait
    /// for one index, not all six. A table whose unique index is built upserts from then on (the few rows still to
    /// come keep its indexes up one by one). Builds nothing when every deferred index is built already, or when
    /// completion will carry a previous sync's rows (those are cheaper in the one sorted build than row by row).
    /// </summary>
    public DeferredIndexStep BuildNextDeferredIndex()
    {
        var db = ActiveDatabase();
        if (_options.KeepFullSyncs > 1 && File.Exists(_targetPath))
        {
            return default;
        }

        var missing = C1zSchema.DeferredIndexes.Where(d => !C1zSchema.IndexExists(db, d.Index.Name)).ToList();
        if (missing.Count == 0)
        {
            return default;
        }

        try
        {
            var tx = Writing(db);
            if (!_resumedRepeatsFolded)
            {
                FoldResumedRepeats(db, tx);
                _resumedRepeatsFolded = true;
            }

            var (table, index) = missing[0];
            WithSortSettings(db, tx, () => C1zSchema.CreateDeferredIndex(db, table, index, t => FoldRepeats(db, tx, t)));
            TestStall.At("early-index-build");
        }
        catch (SqliteException e)
        {
            throw WriteFailed(e);
        }

        Commit();
        if (_resources.Inserts && !Deferred(db, C1zSchema.Resources))
        {
            _resources.Dispose();
            _resources = new UpsertStatement(db, C1zSchema.Resources, deferredKey: false, ResourceColumns);
        }

        if (_grants.Inserts && !Deferred(db, C1zSchema.Grants))
        {
            _grants.Dispose();
            _grants = new UpsertStatement(db, C1zSchema.Grants, deferredKey: false, GrantColumns);
        }

        TestStall.At("early-index-built");
        return new DeferredIndexStep(Built: true, Left: missing.Count - 1);
    }

    /// <summary>
    /// Ends the sync and publishes the file: the run gets its end time, sync type and stats; the syncs of the file
    /// being replaced that the SDK's cleanup keeps are carried over; then the file is packed and renamed into place.
    /// </summary>
    public C1zWriteSummary Complete(C1zCompletion? completion = null)
    {
        completion ??= C1zCompletion.Default;
        var db = ActiveDatabase();
        Commit();
        PreviousSyncs? previous = null;
        var phases = new List<KeyValuePair<string, TimeSpan>>(8);
        var phaseStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        void Phase(string name)
        {
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            phases.Add(new(name, System.Diagnostics.Stopwatch.GetElapsedTime(phaseStarted, now)));
            phaseStarted = now;
        }

        try
        {
            // A resumed run may find the rows it carried over before it was killed; they are copied afresh.
            PreviousSyncs.RemoveCarried(db, SyncId);
            previous = PreviousSyncs.Load(_targetPath, Path.GetDirectoryName(_workingDbPath)!, SyncId,
                _options.KeepFullSyncs, _options.CacheSizeMiB);
            previous?.Attach(db);
            Phase("previous");
            SyncStats stats;
            using (var tx = db.BeginTransaction())
            {
                FoldResumedRepeats(db, tx);

                // Every page is stored: what the sync left on the heap (page buffers) is garbage that no allocation
                // would collect before the process ends, while the index build's sorter needs memory now. Give it
                // back first (about 0.1 s at 250k users).
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                Phase("fold");
                // Until the copy every row belongs to this sync; the copied ones are appended after these ids.
                var lastRowIds = SyncStats.LastRowIds(db, tx);
                previous?.CopyInto(db, tx, SyncId);
                Phase("carry");
                CreateDeferredIndexes(db, tx);
                TestStall.At("index-build");
                Phase("indexes");
                stats = SyncStats.Count(db, tx, lastRowIds);
                Execute(db, tx,
                    "UPDATE v1_sync_runs SET ended_at = $t, sync_type = $type, stats = $stats WHERE sync_id = $s",
                    ("$t", C1zTimestamp.Now(_time)), ("$type", completion.SyncType.Text()),
                    ("$stats", stats.Json(completion)), ("$s", SyncId));
                tx.Commit();
            }

            Phase("stats");
            previous?.Detach(db);
            previous?.Dispose();
            if (_options.ResumeFingerprint is not null)
            {
                // The packed file must hold only Baton's tables and no journal, as SDK readers expect; the side file keeps
                // the bookkeeping until the target is in place.
                ResumeState.Export(db, SideFile(_workingDbPath));
                ResumeState.Drop(db);
            }

            CloseDatabase();
            var dbBytes = new FileInfo(_workingDbPath).Length;
            Phase("close");

            _tempPath = Path.Combine(Path.GetDirectoryName(_targetPath)!,
                $".{Path.GetFileName(_targetPath)}.{Guid.NewGuid():N}.tmp");
            using (var output = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                using (var writeback = new EarlyWriteback(output))
                {
                    C1zEnvelope.Pack(_workingDbPath, writeback, _options.CompressionLevel, _options.CompressionWorkers);
                }

                TestStall.At("pack");
                // The rename is only atomic for readers if the bytes it exposes are already durable.
                Phase("pack");
                output.Flush(flushToDisk: true);
            }

            Phase("fsync");

            _options.BeforeCommit?.Invoke(_tempPath);
            TestStall.At("publish");
            File.Move(_tempPath, _targetPath, overwrite: true);
            TestStall.At("published");
            _tempPath = null;
            _finished = true;
            WorkingDatabase.Delete(_workingDbPath);
            TryDelete(SideFile(_workingDbPath));
            Phase("publish");
            return new C1zWriteSummary(_targetPath, SyncId, stats.ResourceTypes, stats.ResourcesByType.Values.Sum(),
                stats.EntitlementsByType.Values.Sum(), stats.GrantsByType.Values.Sum(), dbBytes,
                new FileInfo(_targetPath).Length)
            {
                PreviousSyncIds = previous?.SyncIds ?? [],
                Phases = phases,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            Abort();
            throw new C1zException(C1zErrorKind.Io, $"cannot write c1z '{_targetPath}': {e.Message}", e);
        }
        catch
        {
            Abort();
            throw;
        }
        finally
        {
            previous?.Dispose();
        }
    }

    // The pages a resumed run fetched again after the kill repeat rows the killed run had stored.
    private void FoldResumedRepeats(SqliteConnection db, SqliteTransaction tx)
    {
        if (Resumed)
        {
            FoldRepeats(db, tx, C1zSchema.Resources);
            FoldRepeats(db, tx, C1zSchema.Grants);
        }
    }

    private void CreateDeferredIndexes(SqliteConnection db, SqliteTransaction tx) =>
        // A unique index that meets a repeated id (Clerk's offset pages can shift between two reads) fails as one
        // statement, which the journal rolls back: fold that table and build it again.
        WithSortSettings(db, tx, () => C1zSchema.CreateDeferredIndexes(db, table => FoldRepeats(db, tx, table)));

    private void WithSortSettings(SqliteConnection db, SqliteTransaction tx, Action build)
    {
        // The index builds are sorts; SQLite's sorter may merge on helper threads (0 = none, its default).
        Execute(db, tx, $"PRAGMA threads = {IndexSortThreads}");
        Execute(db, tx, $"PRAGMA cache_size = -{Math.Min(IndexSortCacheKiB, _options.CacheSizeMiB * 1024)}");
        // The smaller cache freed most of its pages on the writer's thread; an early build runs on a thread of its
        // own, whose sorter would take fresh memory beside them (250k users: peak RSS 280 -> 325-340 MiB).
        NativeHeap.Trim();
        try
        {
            build();
        }
        finally
        {
            // Rows written after an early build keep the indexes up one at a time, which wants the whole cache again.
            Execute(db, tx, $"PRAGMA cache_size = -{_options.CacheSizeMiB * 1024}");
        }
    }

    /// <summary>A storage failure mid-write cannot be undone: the writer is aborted and the error told in one line.</summary>
    private C1zException WriteFailed(SqliteException e)
    {
        Abort();
        return new C1zException(C1zErrorKind.Io,
            $"cannot write to working database '{_workingDbPath}': {e.Message.ReplaceLineEndings(" ")}", e);
    }

    /// <summary>
    /// Leaves one row per external id of this sync in a table loaded without its unique index, the last one written,
    /// which is what the upsert keeps (a table that has its unique index already holds no repeats).
    /// </summary>
    private void FoldRepeats(SqliteConnection db, SqliteTransaction tx, string table)
    {
        if (!(table == C1zSchema.Resources ? _resources : _grants).Inserts)
        {
            return;
        }

        Execute(db, tx,
            $"DELETE FROM {table} WHERE sync_id = $s AND id NOT IN (SELECT max(id) FROM {table} WHERE sync_id = $s GROUP BY external_id)",
            ("$s", SyncId));
    }

    /// <summary>Test seam standing in for a killed process: closes the working file and leaves it behind.</summary>
    internal void Abandon()
    {
        _finished = true;
        CloseDatabase();
    }

    public void Dispose()
    {
        if (!_finished)
        {
            Abort();
        }
    }

    private void Abort()
    {
        _finished = true;
        CloseDatabase();
        WorkingDatabase.Delete(_workingDbPath);
        TryDelete(SideFile(_workingDbPath));
        if (_tempPath is not null)
        {
            TryDelete(_tempPath);
            _tempPath = null;
        }
    }

    private void CloseDatabase()
    {
        if (_db is null)
        {
            return;
        }

        if (_open is { } open)
        {
            _open = null;
            try
            {
                open.Dispose();
            }
            catch (SqliteException)
            {
                // The file is being closed because of an earlier failure or is abandoned; that error is the one to tell.
            }
        }

        _resourceTypes.Dispose();
        _resources.Dispose();
        _entitlements.Dispose();
        _grants.Dispose();
        _db.Dispose();
        _db = null;
    }

    /// <summary>
    /// Validates the whole batch before touching the database: writes share a transaction with earlier pages,
    /// so bad input must be rejected while nothing is written yet. A storage failure mid-batch cannot be undone
    /// and aborts the writer.
    /// </summary>
    private void Batch<T>(IReadOnlyCollection<T> items, UpsertStatement statement, Action<T> validate,
        Action<UpsertStatement, T, string, string> bind)
    {
        var db = ActiveDatabase();
        if (items.Count == 0)
        {
            return;
        }

        foreach (var item in items)
        {
            validate(item);
        }

        var discoveredAt = C1zTimestamp.Now(_time);
        try
        {
            Writing(db);
            foreach (var item in items)
            {
                bind(statement, item, discoveredAt, SyncId);
                statement.Execute();
            }
        }
        catch (SqliteException e)
        {
            throw WriteFailed(e);
        }

        Written(items.Count);
    }

    internal static void ValidateEntitlement(Entitlement e)
    {
        Require(e.Id, "entitlement id");
        RequireId(e.Resource?.Id, $"resource of entitlement '{e.Id}'");
    }

    internal static void ValidateGrant(Grant g)
    {
        Require(g.Id, "grant id");
        Require(g.Entitlement?.Id, $"entitlement of grant '{g.Id}'");
        RequireId(g.Entitlement!.Resource?.Id, $"entitlement resource of grant '{g.Id}'");
        RequireId(g.Principal?.Id, $"principal of grant '{g.Id}'");
    }

    /// <summary>Where the resume bookkeeping waits while the working file is packed and published.</summary>
    private static string SideFile(string workingDb) => workingDb + ".state.json";

    /// <summary>The working file's page cache in KiB, as SQLite reports it (for tests).</summary>
    internal long PageCacheKiB()
    {
        using var cmd = ActiveDatabase().CreateCommand();
        cmd.CommandText = "PRAGMA cache_size";
        return -Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The directory of the working file: scratch files beside it stay on its volume.</summary>
    internal string WorkingDirectory => Path.GetDirectoryName(_workingDbPath)!;

    /// <summary>
    /// Makes the SQLite statement running on another thread (an index build of <see cref="BuildNextDeferredIndex"/>)
    /// stop soon with an interrupt error; a no-op when none runs. SQLite allows this one call from any thread.
    /// </summary>
    internal void Interrupt()
    {
        if (_db?.Handle is { } handle)
        {
            SQLitePCL.raw.sqlite3_interrupt(handle);
        }
    }

    private SqliteConnection ActiveDatabase() =>
        _db ?? throw new InvalidOperationException("The c1z writer has already completed or been disposed.");

    private void InsertSyncRun(SqliteConnection db)
    {
        using var tx = db.BeginTransaction();
        Execute(db, tx,
            "INSERT INTO v1_sync_runs (sync_id, started_at, ended_at, sync_token, sync_type, parent_sync_id, "
            + "linked_sync_id, supports_diff, grants_backfilled, stats) "
            + "VALUES ($s, $t, NULL, '', 'full', '', '', 1, 1, NULL)",
            ("$s", SyncId), ("$t", C1zTimestamp.Now(_time)));
        tx.Commit();
    }

    internal static void Execute(SqliteConnection db, SqliteTransaction tx, string sql,
        params (string Name, object Value)[] parameters)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        cmd.ExecuteNonQuery();
    }

    private static void Require(string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"c1z rows need a non-empty {what}.");
        }
    }

    internal static ResourceId RequireId(ResourceId? id, string what)
    {
        if (id is null || id.ResourceType.Length == 0 || id.Resource.Length == 0)
        {
            throw new ArgumentException($"c1z rows need a complete {what} (resource_type and resource).");
        }

        return id;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover dot-file is preferable to masking the original failure.
        }
    }
}
