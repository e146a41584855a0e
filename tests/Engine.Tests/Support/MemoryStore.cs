using System.Collections.Concurrent;
using BatonClerk.Engine.Baton.V2;
using BatonClerk.Engine.Sync.Store;

namespace BatonClerk.Engine.Tests.Support;

/// <summary>An ISyncStore that keeps rows by id, like the c1z upsert, and can be slowed or broken.</summary>
internal sealed class MemoryStore : ISyncStore
{
    public ConcurrentDictionary<string, ResourceType> ResourceTypes { get; } = new();

    public ConcurrentDictionary<string, Resource> Resources { get; } = new();

    public ConcurrentDictionary<string, Entitlement> Entitlements { get; } = new();

    public ConcurrentDictionary<string, Grant> Grants { get; } = new();

    public Action? OnPut { get; set; }

    public int Puts;

    public bool Completed { get; private set; }

    /// <summary>The stores' idle-time calls, each with the number of puts before it and whether the store was completed.</summary>
    public ConcurrentQueue<(int PutsBefore, bool AfterCompletion)> IdleCalls { get; } = new();

    /// <summary>How many steps the idle work takes (each call does one).</summary>
    public int IdleSteps { get; init; } = 1;

    /// <summary>Runs inside each idle step, after it is recorded (block in it to hold the step).</summary>
    public Action? OnIdle { get; set; }

    public IdleWork UseIdleTime()
    {
        IdleCalls.Enqueue((Volatile.Read(ref Puts), Completed));
        Interlocked.Increment(ref _stepsRunning);
        try
        {
            OnIdle?.Invoke();
        }
        finally
        {
            Interlocked.Decrement(ref _stepsRunning);
        }

        return IdleCalls.Count < IdleSteps ? IdleWork.MoreLeft : IdleWork.Finished;
    }

    private int _stepsRunning;

    /// <summary>Where the uploader spools held pages' rows (null: kept in memory).</summary>
    public string? SpoolDirectory { get; init; }

    /// <summary>Set by <see cref="Interrupt"/>, as SQLite's interrupt flag would be.</summary>
    public ManualResetEventSlim Interrupted { get; } = new();

    public void Interrupt() => Interrupted.Set();

    /// <summary>True when the store was disposed while an idle step still ran on it.</summary>
    public bool DisposedDuringAStep { get; private set; }

    public bool Disposed { get; private set; }

    public string SyncId { get; } = "test-sync";

    public bool Resumed { get; init; }

    public ConcurrentDictionary<string, string> State { get; init; } = new();

    public IReadOnlyDictionary<string, string> LoadState() => State;

    public void SaveState(IReadOnlyCollection<KeyValuePair<string, string>> entries)
    {
        foreach (var (key, value) in entries)
        {
            State[key] = value;
        }
    }

    public void PutResourceTypes(IReadOnlyCollection<ResourceType> items)
    {
        foreach (var t in items)
        {
            ResourceTypes[t.Id] = t;
        }
    }

    public void PutResources(IReadOnlyCollection<Resource> items)
    {
        Put();
        foreach (var r in items)
        {
            Resources[$"{r.Id.ResourceType}:{r.Id.Resource}"] = r;
        }
    }

    public void PutEntitlements(IReadOnlyCollection<Entitlement> items)
    {
        Put();
        foreach (var e in items)
        {
            Entitlements[e.Id] = e;
        }
    }

    /// <summary>Thrown by the next grant write, as a full disk or a broken database would.</summary>
    public Exception? FailGrants { get; set; }

    public void PutGrants(IReadOnlyCollection<Grant> items)
    {
        if (FailGrants is { } failure)
        {
            throw failure;
        }

        Put();
        foreach (var g in items)
        {
            Grants[g.Id] = g;
        }
    }

    public StoreSummary Complete(BatonClerk.Engine.C1z.C1zCompletion completion)
    {
        Completed = true;
        return new StoreSummary(ResourceTypes.Count, Resources.Count, Entitlements.Count, Grants.Count, null, 0);
    }

    public void Dispose()
    {
        DisposedDuringAStep |= Volatile.Read(ref _stepsRunning) > 0;
        Disposed = true;
    }

    private void Put()
    {
        Interlocked.Increment(ref Puts);
        OnPut?.Invoke();
    }
}
