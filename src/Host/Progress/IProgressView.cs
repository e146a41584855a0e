using BatonClerk.Engine.Sync;

namespace BatonClerk.Host.Progress;

/// <summary>Where a running sync's progress goes: a live terminal region or structured log events.</summary>
internal interface IProgressView
{
    void Report(SyncProgress progress);

    /// <summary>Ends the view; after it, output may be written freely again. Safe to call more than once.</summary>
    void Finish();
}
