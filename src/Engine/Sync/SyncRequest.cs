using Akka.Actor;
using BatonClerk.Engine.Clerk;
using BatonClerk.Engine.Sync.Store;

namespace BatonClerk.Engine.Sync;

/// <summary>Asks the supervisor to stop the sync; the result is an OperationCanceledException.</summary>
internal sealed record CancelSync
{
    public static readonly CancelSync Instance = new();
}

/// <summary>Everything a sync run needs; the supervisor completes <see cref="Completion"/>.</summary>
internal sealed record SyncRequest(
    SyncSettings Settings,
    Func<IRequestGate, IClerkApi> ApiFactory,
    Func<ISyncStore> StoreFactory,
    TaskCompletionSource<SyncSummary> Completion)
{
    public Action<SyncProgress>? OnProgress { get; init; }

    /// <summary>Service mode: the uploader hands the finished c1z to C1 before the sync counts as done.</summary>
    public Func<string, CancellationToken, Task>? Publish { get; init; }

    public CancellationToken PublishCancellation { get; init; }

    /// <summary>A gate that outlives this run (one per secret key in service mode); null spawns one for the run.</summary>
    public IActorRef? Gate { get; init; }

    /// <summary>Requests sent before the sync started (<see cref="HeadStart.HeadStartCalls"/>): its gate adopts them and its pagers take their answers.</summary>
    public HeadStart.HeadStartCalls? HeadStart { get; init; }

    /// <summary>The sync's span when it began before the run (at preparation); null starts one with the run.</summary>
    public System.Diagnostics.Activity? Span { get; init; }
}
