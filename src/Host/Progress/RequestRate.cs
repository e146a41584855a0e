using BatonClerk.Engine.Sync;

namespace BatonClerk.Host.Progress;

/// <summary>Requests per second over the last few progress snapshots, so one idle tick does not read as zero.</summary>
internal sealed class RequestRate
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    private readonly Queue<(TimeSpan Elapsed, long Requests)> _samples = new();

    public double Add(SyncProgress progress)
    {
        _samples.Enqueue((progress.Elapsed, progress.Requests));
        while (_samples.Count > 2 && progress.Elapsed - _samples.Peek().Elapsed > Window)
        {
            _samples.Dequeue();
        }

        var (firstElapsed, firstRequests) = _samples.Peek();
        var seconds = (progress.Elapsed - firstElapsed).TotalSeconds;
        return seconds > 0 ? (progress.Requests - firstRequests) / seconds
            : progress.Elapsed.TotalSeconds > 0 ? progress.Requests / progress.Elapsed.TotalSeconds
            : 0;
    }
}
